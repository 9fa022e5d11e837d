interface A {
  id: string;
}
interface B {
  id: number;
}
export type Both = A & B;
export interface IntersectionConflictService {
  call(request: Both): Promise<Both>;
}
