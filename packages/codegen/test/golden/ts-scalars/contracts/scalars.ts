export interface Scalars {
  text: string;
  amount: number;
  enabled: boolean;
  big: bigint;
  at: Date;
  blob: Uint8Array;
}

export interface ScalarService {
  echo(request: Scalars): Promise<Scalars>;
}
