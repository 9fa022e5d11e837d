/** AMQP reply codes the in-memory broker closes a channel with, and their names. */
const NAMES = {
  403: 'ACCESS_REFUSED',
  404: 'NOT_FOUND',
  405: 'RESOURCE_LOCKED',
  406: 'PRECONDITION_FAILED',
} as const;

/** @internal A reply code the in-memory broker uses to close a channel. */
export type FailureCode = keyof typeof NAMES;

/**
 * @internal Why the broker closes a channel, as RabbitMQ says it: a reply code and a reply
 * text that starts with the code's name (`PRECONDITION_FAILED - inequivalent arg ...`).
 */
export class ChannelFailure {
  readonly replyText: string;
  constructor(
    readonly code: FailureCode,
    detail: string,
  ) {
    this.replyText = `${NAMES[code]} - ${detail}`;
  }

  /** amqplib's text for a close frame: `406 (PRECONDITION-FAILED) with message "..."`. */
  get closeMessage(): string {
    return `${this.code} (${NAMES[this.code].replace('_', '-')}) with message "${this.replyText}"`;
  }

  /** The error the failing operation rejects with, worded as amqplib words it. */
  operationError(method: string): Error {
    return withCode(new Error(`Operation failed: ${method}; ${this.closeMessage}`), this.code);
  }

  /** The error a channel emits before it closes, worded as amqplib words it. */
  channelError(): Error {
    return withCode(new Error(`Channel closed by server: ${this.closeMessage}`), this.code);
  }
}

function withCode(error: Error, code: number): Error {
  return Object.assign(error, { code });
}

/** @internal amqplib's error for an operation on a channel that is already closed. */
export function channelClosedError(): Error {
  return Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' });
}
