import { RpcError } from '@warren/runtime';
import type { OrgUnit, User, UserHandlers } from '../../generated/users.js';

/** An in-memory user directory behind the generated UserHandlers interface. */
export function usersHandlers(): UserHandlers & { users: Map<string, User> } {
  const users = new Map<string, User>();
  let next = 1;
  const handlers: UserHandlers & { users: Map<string, User> } = {
    users,
    getUser(request) {
      const user = users.get(request.id);
      if (!user) throw new RpcError('NOT_FOUND', `no user ${request.id}`);
      return user;
    },
    listUsers(request) {
      const all = [...users.values()].filter(
        (u) => (!request.status || u.status === request.status) && (!request.roles || request.roles.every((r) => u.roles.includes(r))),
      );
      return { users: all.slice(0, request.pageSize ?? 50), nextPageToken: null, total: BigInt(all.length) };
    },
    async createUser(request) {
      const id = `u${next++}`;
      const user: User = {
        id,
        name: request.name,
        email: request.email,
        age: request.age,
        verified: false,
        spentCents: request.initialCredit.units * 3n,
        createdAt: new Date('2024-05-01T12:00:00.000Z'),
        lastLoginAt: null,
        roles: request.roles,
        tier: request.tier,
        status: 'active',
        tags: Object.keys(request.quizScores),
        address: request.address ?? null,
        preferences: request.preferences ?? {},
        balance: request.initialCredit,
        contacts: request.contacts,
        ...(request.avatar ? { avatar: request.avatar } : {}),
        ...(users.size > 0 ? { manager: users.get('u1')! } : {}),
      };
      users.set(id, user);
      return user;
    },
    addNote(request) {
      return { ...request.note, updatedAt: new Date(request.note.createdAt.getTime() + 1) };
    },
    getOrgChart(request) {
      const lead = users.get(request.root) ?? null;
      const build = (name: string, depth: number): OrgUnit => ({
        name,
        lead,
        children: depth > 1 ? [build(`${name}.a`, depth - 1), build(`${name}.b`, depth - 1)] : [],
      });
      return build('root', request.depth);
    },
    findByContact(request) {
      const match = [...users.values()].find((u) =>
        u.contacts.some((c) => c.kind === request.kind && (c.kind === 'email' ? c.address === (request as typeof c).address : c.number === (request as typeof c).number)),
      );
      return { user: match ?? null, matchedBy: request.kind };
    },
  };
  return handlers;
}
