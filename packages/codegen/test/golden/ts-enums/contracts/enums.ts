/** Sent as strings. */
export enum Status {
  /** Not yet started. */
  Pending = 'pending',
  Done = 'done',
}

/** Sent as numbers. */
export enum Level {
  Low,
  Mid = 5,
  High,
}

export interface Task {
  status: Status;
  level: Level;
  history: Status[];
}

export interface TaskService {
  echo(request: Task): Promise<Task>;
}
