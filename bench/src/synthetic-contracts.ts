import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `count` services as .proto contracts, one file each: two methods, a nested message,
 * an enum, repeated and 64-bit fields, an import-free package per file.
 */
export function writeProtoServices(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(3, '0');
    writeFileSync(
      path.join(dir, `service_${n}.proto`),
      `syntax = "proto3";

package bench.s${n}.v1;

// Synthetic service ${n}.
service Inventory${n} {
  // Looks one item up.
  rpc GetItem(GetItemRequest) returns (Item);
  rpc ListItems(ListItemsRequest) returns (ListItemsReply) {
    option idempotency_level = NO_SIDE_EFFECTS;
  }
}

message GetItemRequest {
  string id = 1;
}

message Item {
  enum State {
    STATE_UNSPECIFIED = 0;
    STATE_ACTIVE = 1;
    STATE_RETIRED = 2;
  }
  message Price {
    int64 cents = 1;
    string currency = 2;
  }
  string id = 1;
  string name = 2;
  State state = 3;
  Price price = 4;
  repeated string tags = 5;
  bool in_stock = 6;
  double weight = 7;
  uint64 version = 8;
}

message ListItemsRequest {
  int32 page_size = 1;
  string page_token = 2;
}

message ListItemsReply {
  repeated Item items = 1;
  string next_page_token = 2;
}
`,
    );
  }
}

/** The same services as TypeScript-interface contracts (docs/contracts.md's shape). */
export function writeTsServices(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(3, '0');
    writeFileSync(
      path.join(dir, `service-${n}.ts`),
      `/** Synthetic service ${n}. */
export interface Inventory${n} {
  /** Looks one item up. */
  getItem(request: GetItemRequest${n}): Promise<Item${n}>;
  listItems(request: ListItemsRequest${n}): Promise<ListItemsReply${n}>;
}

export interface GetItemRequest${n} {
  id: string;
}

export type ItemState${n} = 'active' | 'retired';

export interface Price${n} {
  cents: bigint;
  currency: string;
}

export interface Item${n} {
  id: string;
  name: string;
  state: ItemState${n};
  price?: Price${n};
  tags: string[];
  inStock: boolean;
  weight: number;
  updatedAt: Date | null;
}

export interface ListItemsRequest${n} {
  pageSize: number;
  pageToken?: string;
}

export interface ListItemsReply${n} {
  items: Item${n}[];
  nextPageToken?: string;
}
`,
    );
  }
}
