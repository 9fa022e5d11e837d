import type { Logger } from './logger.js';
import { errorMessage } from './error-message.js';

/** @internal Runs a user hook; a hook that throws is logged, never allowed to break a call. */
export function notify(logger: Logger, hook: () => void): void {
  try {
    hook();
  } catch (err) {
    logger.warn('observer hook threw', { error: errorMessage(err) });
  }
}
