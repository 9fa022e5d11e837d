/**
 * The user directory, written as TypeScript interfaces rather than a .proto: warren generates
 * the same client, handler interface and serveX function from it, with JSON validators.
 */
import type { Money } from './common/money.js';

/** What a user may do. String enum: sent as its value (`"editor"`). */
export enum Role {
  Viewer = 'viewer',
  Editor = 'editor',
  Admin = 'admin',
}

/** The plan a user pays for. Numeric enum: sent as its number. */
export enum Tier {
  Free = 0,
  Pro = 1,
  Enterprise = 2,
}

/** Account state. */
export type UserStatus = 'active' | 'suspended' | 'deleted';

/** 1 is the most urgent. */
export type Priority = 1 | 2 | 3;

export interface Address {
  street: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  postcode?: string;
}

/** A person with an account. */
export interface User {
  readonly id: string;
  name: string;
  email: string;
  age: number;
  verified: boolean;
  /** Lifetime spend in cents; may exceed 2^53. */
  spentCents: bigint;
  createdAt: Date;
  lastLoginAt: Date | null;
  /** A small PNG, base64 in JSON. */
  avatar?: Uint8Array;
  roles: Role[];
  tier: Tier;
  status: UserStatus;
  tags: readonly string[];
  address: Address | null;
  /** Who this user reports to; users nest recursively. */
  manager?: User | null;
  /** Free-form settings, e.g. `{ theme: 'dark' }`. */
  preferences: Record<string, string>;
  balance: Money;
  contacts: Contact[];
}

export interface EmailContact {
  kind: 'email';
  address: string;
}

export interface PhoneContact {
  kind: 'phone';
  number: string;
  extension?: string;
}

/** How to reach a user: a discriminated union on `kind`. */
export type Contact = EmailContact | PhoneContact;

/** A team and its sub-teams: a recursive tree. */
export interface OrgUnit {
  name: string;
  lead: User | null;
  children: OrgUnit[];
}

interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
}

/** A note on a user's record. An intersection of object types flattens into one interface. */
export type Note = Timestamps & {
  text: string;
  priority: Priority;
};

export interface GetUserRequest {
  id: string;
}

export interface ListUsersRequest {
  /** At most this many users per page (default 50). */
  pageSize?: number;
  pageToken?: string;
  status?: UserStatus;
  roles?: readonly Role[];
}

export interface ListUsersReply {
  users: User[];
  /** Null on the last page. */
  nextPageToken: string | null;
  total: bigint;
}

export interface CreateUserRequest {
  name: string;
  email: string;
  age: number;
  roles: Role[];
  tier: Tier;
  address?: Address;
  contacts: Contact[];
  avatar?: Uint8Array;
  preferences?: Record<string, string>;
  initialCredit: Money;
  /** Scores per quiz; each list may hold nulls for skipped questions. */
  quizScores: Record<string, (number | null)[]>;
}

export interface AddNoteRequest {
  userId: string;
  note: Note;
}

export interface GetOrgChartRequest {
  root: string;
  depth: number;
}

export interface FindByContactReply {
  user: User | null;
  matchedBy: 'email' | 'phone';
}

/**
 * Creates, reads and lists users.
 * @package users.v1
 */
export interface UserService {
  /**
   * One user by id; NOT_FOUND when there is none.
   * @idempotent
   * @timeoutMs 2000
   */
  getUser(request: GetUserRequest): Promise<User>;
  /** @idempotent */
  listUsers(request: ListUsersRequest): Promise<ListUsersReply>;
  createUser(request: CreateUserRequest): Promise<User>;
  addNote(request: AddNoteRequest): Promise<Note>;
  /** The team tree under `root`, `depth` levels deep. */
  getOrgChart(request: GetOrgChartRequest): Promise<OrgUnit>;
  /** The request itself is a discriminated union. */
  findByContact(request: Contact): Promise<FindByContactReply>;
}
