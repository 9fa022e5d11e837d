import { nackedError } from './client-errors.js';
import type { OutgoingCall } from './outgoing-call.js';
import type { PendingCalls } from './pending-calls.js';

/** Nacks of one request before its call fails. */
const MAX_NACKS = 3;

/** What {@link resendNacked} needs of the client's transport. */
export interface NackHost {
  readonly pending: PendingCalls;
  readonly closed: boolean;
  send(call: OutgoingCall<unknown>): void;
}

/**
 * @internal The broker refused a request (`basic.nack`): it is not on the queue, so sending it
 * again cannot run it twice. Up to {@link MAX_NACKS} times, 0.2, 0.4 then 0.8 s later (a quorum
 * queue's leader election takes a fraction of a second), then the call fails. At the second
 * nack `replaceChannel` is asked to replace a channel that has never had a request confirmed:
 * RabbitMQ 3.10 nacks every publish of a channel that first published during a quorum leader
 * election, while a fresh channel is fine. A channel that has (a full queue refusing,
 * `reject-publish`) stays, since replacing it would fail the calls in flight on it.
 */
export function resendNacked(host: NackHost, call: OutgoingCall<unknown>, replaceChannel: () => void): void {
  if (!host.pending.has(call.id) || call.state !== 'published') return;
  if (++call.nacks > MAX_NACKS) {
    host.pending.take(call.id, false);
    return call.onError(nackedError(call.method.fullName, call.nacks));
  }
  call.state = 'sending'; // neither on the wire nor waiting: the timer below sends it
  if (call.nacks >= 2) replaceChannel();
  setTimeout(() => {
    if (host.pending.has(call.id) && call.state === 'sending' && !host.closed) host.send(call);
  }, 100 * 2 ** call.nacks).unref();
}
