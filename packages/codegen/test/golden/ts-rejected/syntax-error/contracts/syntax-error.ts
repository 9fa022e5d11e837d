export interface Req {
  id: string;
  price: = 3;
}
