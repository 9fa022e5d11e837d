import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

type CompilingModule = { exports: unknown; _compile(content: string, filename: string): unknown };
type Pending = { script: vm.Script; cacheFile: string };

/** Only big files are worth a cache file: ts-morph's three bundles (0.9, 3 and 9 MB). */
const MIN_SIZE = 256 * 1024;
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * How {@link requireWithCodeCache} caches compiled code on this Node: `native` is Node 22+'s
 * `module.enableCompileCache()`; `v8-script` is the fallback for Node 20 (no such built-in),
 * kept while Node 20 is supported; `off` when WARREN_CODE_CACHE=0.
 */
export type CodeCacheKind = 'native' | 'v8-script' | 'off';

type EnableCompileCache = (dir: string) => unknown;

/** The kind this process uses. */
export function codeCacheKind(): CodeCacheKind {
  if (process.env['WARREN_CODE_CACHE'] === '0') return 'off';
  return typeof (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache === 'function' ? 'native' : 'v8-script';
}

/**
 * `require(id)` (resolved from `from`), compiling the big CommonJS files it loads from
 * node_modules with V8's code cache, kept in `node_modules/.cache/warren/`. Compiling
 * ts-morph's 13 MB of JavaScript took about half of a cold `warren codegen`; from the cache it
 * is deserialized bytecode, including the functions the last run compiled lazily. A missing,
 * stale or unwritable cache only costs the plain compile. `kind` is for tests, which run the
 * Node 20 fallback on any Node (test/code-cache.test.ts).
 */
export function requireWithCodeCache(from: string, id: string, kind: CodeCacheKind = codeCacheKind()): unknown {
  const require = createRequire(from);
  if (kind === 'off') return require(id);
  if (kind === 'native') {
    // Node keeps the cache itself (written at exit, checked against the file's contents).
    const enable = (Module as unknown as { enableCompileCache: EnableCompileCache }).enableCompileCache;
    const resolved = require.resolve(id);
    const at = resolved.lastIndexOf(NODE_MODULES);
    if (at >= 0) enable(path.join(resolved.slice(0, at), 'node_modules', '.cache', 'warren'));
    return require(id);
  }
  return requireWithV8Script(require, id);
}

/**
 * Node 20's fallback: compiles each big file through `vm.Script` with `cachedData`, by
 * patching `Module.prototype._compile` for the duration of the require, and writes the
 * caches at exit. Remove it with Node 20 support.
 */
function requireWithV8Script(require: NodeJS.Require, id: string): unknown {
  const proto = Module.prototype as unknown as CompilingModule;
  const compile = proto._compile;
  const pending: Pending[] = [];
  proto._compile = function (this: CompilingModule, content: string, filename: string) {
    const cacheFile = cacheFileFor(filename, content);
    if (!cacheFile) return compile.call(this, content, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // First run, or the cache was cleared: compile and write one at exit.
    }
    const wrapped = `(function (exports, require, module, __filename, __dirname) { ${content}\n});`;
    const script = new vm.Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) pending.push({ script, cacheFile });
    const fn = script.runInThisContext() as (...args: unknown[]) => unknown;
    return fn.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  try {
    return require(id);
  } finally {
    proto._compile = compile;
    // At exit, so the cache holds what this run compiled lazily (the parser, binder, checker).
    if (pending.length > 0) process.once('exit', () => writeCaches(pending));
  }
}

/** Where the cache of `filename` lives, or undefined when it is not worth caching. */
function cacheFileFor(filename: string, content: string): string | undefined {
  const at = filename.lastIndexOf(NODE_MODULES);
  if (at < 0 || content.length < MIN_SIZE || content.startsWith('#!')) return undefined;
  try {
    // The file's identity (inode, size, change time) and a sample of what is compiled: a
    // reinstall or a transforming loader gets a new key. V8 itself rejects other V8 versions.
    const s = statSync(filename);
    const name = createHash('sha1').update(filename).digest('hex').slice(0, 16);
    const key = createHash('sha1')
      .update([filename, s.dev, s.ino, s.size, s.mtimeMs, s.ctimeMs, content.length, process.version, process.arch].join('\0'))
      .update(content.slice(0, 4096))
      .update(content.slice(-4096))
      .digest('hex');
    return path.join(filename.slice(0, at), 'node_modules', '.cache', 'warren', `${name}-${key.slice(0, 24)}.v8cache`);
  } catch {
    return undefined;
  }
}

function writeCaches(pending: readonly Pending[]): void {
  for (const { script, cacheFile } of pending) {
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
      // Drop the caches of earlier versions of the same file (`<file hash>-<version hash>`).
      const dir = path.dirname(cacheFile);
      const prefix = path.basename(cacheFile).split('-')[0]!;
      for (const old of readdirSync(dir)) {
        if (old.startsWith(`${prefix}-`) && old.endsWith('.v8cache') && old !== path.basename(cacheFile)) rmSync(path.join(dir, old), { force: true });
      }
    } catch {
      // A read-only install just runs without the cache.
    }
  }
}
