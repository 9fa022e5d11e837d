// Types named like what the module imports from @warren/runtime keep their names; the runtime
// imports are aliased instead (RpcClient as warren_RpcClient, ...).

export interface Connection {
  url: string;
}

export interface RpcClient {
  connection: Connection;
  stats: ClientStats;
}

export interface ClientStats {
  pending: number;
}

export type JsonRecord = Record<string, string>;

export interface JsonFns {
  record: JsonRecord;
  names: string[];
}

export interface Server {
  client: RpcClient;
  fns: JsonFns;
}

export interface PoolService {
  connect(request: Connection): Promise<Server>;
}
