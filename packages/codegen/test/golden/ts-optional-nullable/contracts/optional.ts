export interface Inner {
  value: string;
}

export interface Optionals {
  maybe?: string;
  maybeUndefined?: number | undefined;
  nullable: string | null;
  both?: Inner | null;
  nullableList: (number | null)[];
  listOrNull: string[] | null;
}

export interface OptionalService {
  echo(request: Optionals): Promise<Optionals>;
}
