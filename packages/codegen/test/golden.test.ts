import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { generateCase, goldenCases, GOLDEN_DIR, readExpected } from './golden-cases.js';

// Each case: contracts in, expected modules checked in. On a failure, inspect the diff and
// run `npm run golden:update` if the change is intended.
describe('golden files', () => {
  const cases = goldenCases();

  it('every golden folder with expected output is a case, with contracts in and modules out (none skipped)', () => {
    // goldenCases() keeps only folders with a contracts/ folder: one renamed or lost would
    // silently stop being checked. Rejected-contract folders (no expected/) have their own tests.
    const withExpected = readdirSync(GOLDEN_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(GOLDEN_DIR, e.name, 'expected')))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b));
    assert.deepEqual(cases.map((c) => c.name), withExpected);
    for (const c of cases) {
      assert.ok(listFiles(c.contractsDir).some((f) => /\.(proto|ts)$/.test(f)), `${c.name}: no contract in contracts/`);
      assert.ok(listFiles(c.expectedDir).some((f) => f.endsWith('.ts')), `${c.name}: no module in expected/`);
    }
  });

  for (const c of cases) {
    it(`${c.name}: generates exactly the expected modules`, () => {
      const files = generateCase(c);
      const expectedFiles = listFiles(c.expectedDir).filter((f) => f.endsWith('.ts'));
      assert.deepEqual(files.map((f) => f.path).sort(), expectedFiles, 'set of generated files');
      for (const f of files) assert.equal(f.content, readExpected(c, f.path), `${c.name}/expected/${f.path}`);
    });
  }

  it('a fresh process generates the same modules from copies of the contracts elsewhere (no dependence on path, cwd, time zone, locale or file order)', { timeout: 120_000 }, async () => {
    // The generator's output with itself in one process proves little. Here a second process,
    // in another directory, time zone and locale, reads copies written in reverse order (so
    // the directory lists them differently) and must produce the checked-in modules.
    const root = mkdtempSync(path.join(tmpdir(), 'warren-golden-'));
    try {
      const dirs = cases.map((c) => [c.name, copyReversed(c.contractsDir, path.join(root, c.name, 'contracts'))] as const);
      const index = pathToFileURL(path.resolve(GOLDEN_DIR, '../../src/index.ts')).href;
      const script = `import { generate } from ${JSON.stringify(index)};
        const out = {};
        for (const [name, dir] of JSON.parse(process.env.GOLDEN_DIRS)) out[name] = generate({ contractsDir: dir }).files;
        process.stdout.write(JSON.stringify(out));`;
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script],
          { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GOLDEN_DIRS: JSON.stringify(dirs), TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
        );
      });
      const generated = JSON.parse(output) as Record<string, { path: string; content: string }[]>;
      for (const c of cases) {
        const files = generated[c.name] ?? [];
        assert.deepEqual(files.map((f) => f.path).sort(), listFiles(c.expectedDir).filter((f) => f.endsWith('.ts')), `${c.name}: set of files`);
        for (const f of files) assert.equal(f.content, readExpected(c, f.path), `${c.name}/expected/${f.path}, generated in a fresh process`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Every file under `dir`, as sorted relative paths. */
function listFiles(dir: string, prefix = ''): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out = out.concat(listFiles(`${dir}/${e.name}`, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Copies `from` to `to`, creating files (and folders) in reverse order; returns `to`. */
function copyReversed(from: string, to: string): string {
  for (const rel of listFiles(from).reverse()) {
    mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    copyFileSync(path.join(from, rel), path.join(to, rel));
  }
  return to;
}
