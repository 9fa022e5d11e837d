export interface Price {
  cents: bigint;
}

export interface Records {
  counts: Record<string, number>;
  prices: Record<string, Price>;
  tags: Record<string, string[]>;
  indexed: { [key: string]: boolean };
  nested: Record<string, Record<string, Date>>;
}

export interface RecordService {
  echo(request: Records): Promise<Records>;
}
