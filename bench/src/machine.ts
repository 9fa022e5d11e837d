import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where and with what a run was taken, for the report. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  broker: string;
  libraries: string;
  date: string;
  loadStart: number[];
  loadEnd?: number[];
  /** `git describe`-like: commit, and whether packages/ had uncommitted changes. */
  code: string;
  /** Newest file time in packages/runtime/dist when the run started, to notice a rebuild mid-run. */
  runtimeBuiltAt: string;
  /** Set when packages/runtime/dist changed during the run. */
  runtimeRebuilt?: string;
}

export function describeMachine(broker: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    broker,
    libraries: ['amqplib', 'rabbitmq-client'].map((p) => `${p} ${versionOf(p)}`).join(', '),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadStart: os.loadavg(),
    code: describeCode(),
    runtimeBuiltAt: runtimeBuildTime(),
  };
}

function describeCode(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'packages').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in packages/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The newest modification time under packages/runtime/dist, ISO. */
export function runtimeBuildTime(): string {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  try {
    walk(path.join(repo, 'packages/runtime/dist'));
  } catch {
    return 'not built';
  }
  return new Date(newest).toISOString().replace(/\.\d+Z$/, 'Z');
}

function versionOf(pkg: string): string {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve(pkg);
    const root = main.slice(0, main.lastIndexOf(`node_modules/${pkg}/`) + `node_modules/${pkg}/`.length);
    return (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
