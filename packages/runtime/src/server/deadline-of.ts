import { headerCount } from '../header-text.js';
import { Header } from '../protocol.js';

/**
 * @internal The request's absolute deadline (epoch ms), or NaN when the header is absent or
 * not a whole number of ms (docs/protocol.md 2.2: such a request has no deadline).
 */
export function deadlineOf(headers: Record<string, unknown>): number {
  return headerCount(headers[Header.deadline]) ?? Number.NaN;
}
