export interface UserClient {
  id: string;
}
export interface UserService {
  get(request: UserClient): Promise<UserClient>;
}
