export interface Item {
  price: number;
}

export interface Arrays {
  names: string[];
  frozen: readonly number[];
  generic: Array<boolean>;
  readonlyGeneric: ReadonlyArray<bigint>;
  items: Item[];
  matrix: number[][];
  stamps: readonly Date[];
}

export interface ArrayService {
  echo(request: Arrays): Promise<Arrays>;
}
