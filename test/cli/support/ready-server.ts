import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts a TypeScript server script (`node --import tsx <script> ...args`) that prints `ready`
 * once it serves, and resolves with it; rejects if it exits first or takes over 30 s.
 */
export async function startReadyServer(name: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', ...args], { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 30_000);
    server.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && (clearTimeout(timer), resolve()));
    server.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return server;
}

/** Stops a server of {@link startReadyServer} and waits for it to exit. */
export async function stopServer(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}
