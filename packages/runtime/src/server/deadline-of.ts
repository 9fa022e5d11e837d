import { Header } from '../protocol.js';

/** @internal The request's absolute deadline (epoch ms), or NaN when the header is absent or not a whole number. */
export function deadlineOf(headers: Record<string, unknown>): number {
  const raw = headers[Header.deadline];
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : Buffer.isBuffer(raw) ? raw.toString() : '';
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

