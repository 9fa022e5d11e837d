import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alive, onExit } from './detached-cleanup.js';

/**
 * Where test processes leave their locks: one file per lock, holding the owner's pid. Test
 * files run in processes of their own, two at a time, and share the machine's ports and cores.
 */
export const LOCK_DIR = path.join(os.tmpdir(), 'warren-test-ports');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes lock `name` for this process if nobody holds it, or if its holder is gone (a crash, a
 * SIGKILL from the runner's timeout). True when this process holds it now.
 */
export function tryLock(name: string): boolean {
  mkdirSync(LOCK_DIR, { recursive: true });
  const file = path.join(LOCK_DIR, name);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(file, 'utf8'));
    } catch {
      return false; // released meanwhile: the next try may take it
    }
    if (!Number.isInteger(owner) || owner === process.pid || alive(owner)) return false;
    try {
      unlinkSync(file);
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }
}

/** Gives lock `name` back, if this process holds it. */
export function unlock(name: string): void {
  const file = path.join(LOCK_DIR, name);
  try {
    if (Number(readFileSync(file, 'utf8')) === process.pid) unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Waits until this process holds lock `name` (polling, for at most `timeoutMs`) and returns
 * the function that releases it; this process's exit releases it too.
 */
export async function waitForLock(name: string, timeoutMs: number): Promise<() => void> {
  const until = Date.now() + timeoutMs;
  while (!tryLock(name)) {
    if (Date.now() > until) throw new Error(`lock ${path.join(LOCK_DIR, name)} still held after ${timeoutMs} ms (by pid ${readOwner(name)})`);
    await sleep(500);
  }
  const unhook = onExit(() => unlock(name));
  return () => {
    unhook();
    unlock(name);
  };
}

function readOwner(name: string): string {
  try {
    return readFileSync(path.join(LOCK_DIR, name), 'utf8');
  } catch {
    return 'none';
  }
}
