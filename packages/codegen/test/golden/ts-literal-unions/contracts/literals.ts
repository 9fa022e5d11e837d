/** A string literal union. */
export type Color = 'red' | 'green' | 'blue';

export interface Literals {
  color: Color;
  size: 1 | 2 | 3;
  always: true;
  version: 'v1';
  mode: 'on' | 'off' | null;
  negative: -1 | 0 | 1;
}

export interface LiteralService {
  echo(request: Literals): Promise<Literals>;
}
