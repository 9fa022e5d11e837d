export interface Error {
  code: number;
}
export interface GlobalNameService {
  get(request: Error): Promise<Error>;
}
