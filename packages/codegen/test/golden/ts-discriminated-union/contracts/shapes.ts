export interface Circle {
  kind: 'circle';
  radius: number;
}

export interface Square {
  kind: 'square';
  side: number;
}

/** Named variants. */
export type Shape = Circle | Square;

/** Inline variants become Event_Created and Event_Deleted. */
export type Event = { type: 'created'; at: Date } | { type: 'deleted'; reason: string | null };

export interface Drawing {
  shapes: Shape[];
  main: Shape | null;
  inline: Circle | Square;
  last?: Event;
}

export interface ShapeService {
  area(request: Shape): Promise<Drawing>;
  log(request: Event): Promise<Event>;
}
