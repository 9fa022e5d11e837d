interface Identified {
  id: string;
}

interface Timestamped {
  createdAt: Date;
  /** Carried over from Timestamped. */
  updatedAt?: Date;
}

/** An intersection of object types flattens into one interface. */
export type Post = Identified & Timestamped & { title: string };

/** `extends` flattens too. */
export interface Comment extends Identified, Timestamped {
  body: string;
}

export interface PostService {
  post(request: Post): Promise<Comment>;
}
