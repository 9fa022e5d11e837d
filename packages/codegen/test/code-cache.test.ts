// requireWithCodeCache on whichever Node runs the tests: Node 22+'s module.enableCompileCache()
// where it exists, and the Node 20 fallback (vm.Script cachedData) on every Node. CI runs the
// suite on Node 20 and Node 24, so each path is tested where it is used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeCacheKind, type CodeCacheKind } from '../src/parse/ts/require-with-code-cache.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const source = pathToFileURL(path.resolve(here, '../src/parse/ts/require-with-code-cache.ts')).href;
const hasNative = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** A project with one CommonJS module in node_modules big enough to be cached (> 256 KiB). */
function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-code-cache-'));
  mkdirSync(path.join(dir, 'node_modules', 'big'), { recursive: true });
  let js = 'module.exports = {};\n';
  for (let i = 0; i < 6000; i++) js += `module.exports.f${i} = function (a) { return a + ${i}; };\n`;
  writeFileSync(path.join(dir, 'node_modules', 'big', 'index.js'), js);
  writeFileSync(
    path.join(dir, 'child.mjs'),
    `const { requireWithCodeCache } = await import(${JSON.stringify(source)});\n` +
      `const big = requireWithCodeCache(import.meta.url, 'big', process.argv[2]);\n` +
      `process.stdout.write(String(big.f41(1)));\n`,
  );
  return dir;
}

/** Runs the child in a fresh process (the module cache is per process); returns stderr. */
function load(dir: string, kind: CodeCacheKind): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, 'child.mjs'), kind], {
    cwd: root, // where tsx resolves from
    env: { ...process.env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '42');
  return result.stderr;
}

const cacheDir = (dir: string) => path.join(dir, 'node_modules', '.cache', 'warren');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('requireWithCodeCache', () => {
  it(`uses ${hasNative ? "Node's module.enableCompileCache()" : 'the Node 20 fallback'} on Node ${process.version}`, () => {
    assert.equal(codeCacheKind(), hasNative ? 'native' : 'v8-script');
  });

  it('Node 20 fallback (on any Node): writes a V8 cache on the first run and uses it, unchanged, on the next', () => {
    const dir = project();
    dirs.push(dir);
    load(dir, 'v8-script');
    const files = readdirSync(cacheDir(dir)).filter((f) => f.endsWith('.v8cache'));
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    const file = path.join(cacheDir(dir), files[0]!);
    const written = statSync(file).mtimeMs;
    load(dir, 'v8-script');
    // Rewritten only when V8 rejected it (or it was missing): unchanged means it was used.
    assert.equal(statSync(file).mtimeMs, written, 'the second run accepted the cache');
  });

  it('Node 22+: lets Node keep the cache (module.enableCompileCache) in node_modules/.cache/warren', { skip: hasNative ? false : `Node ${process.version} has no module.enableCompileCache (Node 22.1+)` }, () => {
    const dir = project();
    dirs.push(dir);
    const first = load(dir, 'native');
    assert.match(first, /writing cache for CommonJS .*big\/index\.js .*success/, first);
    assert.ok(readdirSync(cacheDir(dir)).some((d) => d.startsWith(`${process.version}-`)), 'the cache is under our directory');
    const second = load(dir, 'native');
    assert.match(second, /V8 code cache for CommonJS .*big\/index\.js was accepted/, second);
  });
});
