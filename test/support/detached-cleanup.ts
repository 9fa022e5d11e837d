import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** True while process `pid` runs; a zombie (killed, not yet reaped) counts as gone. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

const cleanups = new Set<() => void>();
let hooked = false;

/**
 * Runs `cleanup` (synchronous) when this process exits, normally or on SIGINT, SIGTERM or
 * SIGHUP, for what a test started outside its own process tree. Returns the function that
 * unregisters it.
 */
export function onExit(cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => runAll());
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        runAll();
        process.kill(process.pid, signal); // the default action, now that our listener is gone
      });
    }
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function runAll(): void {
  for (const cleanup of [...cleanups]) cleanup();
}

/**
 * Starts a detached shell that waits for this process to end, however it ends (SIGKILL runs
 * no exit hook: the test runner's file timeout), then kills -9 every pid written in the files
 * under `dir` that `pidFiles` (a shell glob, relative) names, and removes `dir`. Returns the
 * function that stops it.
 */
export function watchdog(dir: string, pidFiles: string): () => void {
  if (!/^[\w*./-]+$/.test(pidFiles)) throw new Error(`watchdog: pidFiles must be a plain glob, got ${pidFiles}`);
  const script = [
    'while kill -0 "$0" 2>/dev/null; do sleep 1; done',
    `for f in "$1"/${pidFiles}; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done`,
    'rm -rf "$1"',
  ].join('\n');
  const child = spawn('sh', ['-c', script, String(process.pid), dir], { detached: true, stdio: 'ignore' });
  child.unref();
  return () => child.kill('SIGKILL');
}
