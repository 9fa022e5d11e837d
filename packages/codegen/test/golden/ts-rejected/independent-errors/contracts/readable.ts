// A syntax error in broken.ts does not hide the errors of this file.
import type { Req } from './broken.js';

export interface Own {
  counts: Map<string, number>;
}

export interface ReadableService {
  /** @timeout 5000 */
  get(request: Req): Promise<Own>;
}
