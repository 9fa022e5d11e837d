import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliError } from '../../cli-error.js';
import { errorMessage } from '../../error-message.js';
import { shown } from '../../contracts/project-options.js';

/** The earlier contracts to compare with. */
export interface Baseline {
  /** A directory holding them (maybe a temporary one). */
  readonly dir: string;
  /** How to name it in output: `main (contracts/ at 1a2b3c4)` or a path. */
  readonly label: string;
  /** True when the ref has no contracts directory: everything is new. */
  readonly empty: boolean;
  /** Removes temporary files. */
  cleanup(): void;
}

const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/**
 * Resolves `against`: an existing directory (its copy of the contracts directory when it
 * has one, else the directory itself), or a git ref whose contracts directory is extracted
 * with `git archive` into a temporary directory.
 */
export function loadBaseline(against: string, contractsDir: string, cwd = process.cwd()): Baseline {
  const asDir = path.resolve(cwd, against);
  if (existsSync(asDir) && statSync(asDir).isDirectory()) {
    const rel = path.relative(cwd, contractsDir);
    const nested = !rel.startsWith('..') && !path.isAbsolute(rel) && rel !== '' ? path.join(asDir, rel) : undefined;
    const dir = nested && existsSync(nested) && statSync(nested).isDirectory() ? nested : asDir;
    return { dir, label: shown(dir, cwd), empty: false, cleanup: () => undefined };
  }
  const git = (args: string[]) => spawnSync('git', args, { cwd: contractsDir, encoding: 'utf8' });
  const top = git(['rev-parse', '--show-toplevel']);
  if (top.status !== 0) {
    throw new CliError(
      `--against "${against}" is neither a directory nor usable as a git ref: ${shown(contractsDir, cwd)} is not in a git repository\n` +
        `Expected a directory of earlier contracts, or a ref such as main, HEAD~1, v1.2.0 or origin/main.`,
    );
  }
  const commit = git(['rev-parse', '--verify', '--quiet', `${against}^{commit}`]);
  if (commit.status !== 0) {
    throw new CliError(
      `--against "${against}" is neither a directory nor a git ref in ${top.stdout.trim()}\n` +
        `Expected a directory of earlier contracts, or a ref such as main, HEAD~1, v1.2.0 or origin/main.`,
    );
  }
  const sha = commit.stdout.trim();
  const prefix = path.relative(top.stdout.trim(), path.resolve(contractsDir)).split(path.sep).join('/');
  const tmp = mkdtempSync(path.join(tmpdir(), 'warren-breaking-'));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  const dir = path.join(tmp, prefix);
  const label = `${against} (${prefix || '.'}/ at ${sha.slice(0, 7)})`;
  try {
    const listed = spawnSync('git', ['ls-tree', '-d', '--name-only', sha, '--', prefix], { cwd: top.stdout.trim(), encoding: 'utf8' });
    if (prefix !== '' && listed.stdout.trim() === '') {
      mkdirSync(dir, { recursive: true });
      return { dir, label, empty: true, cleanup };
    }
    const tar = execFileSync('git', ['archive', '--format=tar', sha, '--', prefix || '.'], {
      cwd: top.stdout.trim(),
      maxBuffer: MAX_ARCHIVE_BYTES,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    execFileSync('tar', ['-x', '-C', tmp], { input: tar, stdio: ['pipe', 'ignore', 'pipe'] });
    return { dir, label, empty: false, cleanup };
  } catch (err) {
    cleanup();
    throw new CliError(`could not extract ${prefix}/ at ${against}: ${errorMessage(err)}`);
  }
}
