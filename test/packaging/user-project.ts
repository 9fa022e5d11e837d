import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** The three published packages, in the order they depend on each other. */
export const PACKAGES = ['runtime', 'codegen', 'cli'] as const;

/** The compilers the user project is checked with: npm alias name, and the version range. */
export const COMPILERS = [
  { alias: 'typescript-5.9', range: '~5.9.3' },
  { alias: 'typescript-6', range: '^6.0.3' },
  // TypeScript 7 is the native compiler; its package still names the binary bin/tsc.
  { alias: 'typescript-7', range: '^7.0.2' },
] as const;

export interface Ran {
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The environment of a user's shell: without the npm_* variables `npm test` sets for its
 * children (workspace, prefix, ...), which would make npm in the temp project act on the
 * repository instead. The cache and registry stay, so a warm cache is used.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || keep.has(k.toLowerCase())) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command to completion; rejects naming the command, its exit and its output. */
export function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 180_000): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      if (code === 0) return resolve({ stdout, stderr, ms });
      const how = signal ? `was killed (${signal}) after ${ms} ms` : `exited ${code}`;
      reject(new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} ${how}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    });
  });
}

/** `npm pack` of each package into `dest`; resolves with the tarball paths by package. */
export async function packAll(repo: string, dest: string): Promise<Record<(typeof PACKAGES)[number], string>> {
  const out = {} as Record<(typeof PACKAGES)[number], string>;
  for (const name of PACKAGES) {
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dest], path.join(repo, 'packages', name));
    const [info] = JSON.parse(stdout) as { filename: string }[];
    if (!info) throw new Error(`npm pack of packages/${name} printed no tarball: ${stdout}`);
    out[name] = path.join(dest, info.filename);
  }
  return out;
}

/**
 * Writes the user's package.json: the three tarballs as dependencies (as `npm install
 * ./x.tgz` would record them) and the three compilers under npm aliases, one install.
 */
export function writeUserPackageJson(dir: string, tarballs: Record<string, string>): void {
  const dependencies: Record<string, string> = {};
  for (const [name, file] of Object.entries(tarballs)) dependencies[`@warren/${name}`] = `file:${file}`;
  // @warren/runtime/otel needs its optional peer, as a user of tracing installs it.
  dependencies['@opentelemetry/api'] = '^1.9.0';
  const devDependencies: Record<string, string> = {};
  for (const c of COMPILERS) devDependencies[c.alias] = `npm:typescript@${c.range}`;
  const pkg = { name: 'warren-user-app', version: '1.0.0', private: true, type: 'module', dependencies, devDependencies };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

/** Starts `node file` and resolves once its stdout contains `ready`. */
export function startUntil(file: string, cwd: string, ready: string, env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd, env: userEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const output = () => out;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not print "${ready}" within 30 s:\n${out}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited ${code} before printing "${ready}":\n${out}`));
    });
  });
}
