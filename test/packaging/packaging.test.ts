// The packages as a user installs them: `npm pack` of the three packages, installed into a
// fresh project outside the workspace (its own package.json, no workspace links), a contract
// of each kind, `npx warren codegen` and `npx warren scaffold`, compiled under --strict by
// TypeScript 5.9, 6 and 7 with libraries checked, then served and called over RabbitMQ and
// over memory(). Each step's time is printed as a diagnostic.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AMQP_URL, deleteQueues } from '../support/broker.js';
import { CALLER, counterContract, greeterProto, HANDLER_BODIES, USER_TSCONFIG } from './user-files.js';
import { COMPILERS, PACKAGES, packAll, run, startUntil, writeUserPackageJson } from './user-project.js';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('packaging: the packed packages, installed and used as a user does', () => {
  const pkg = `pkgtest_${randomBytes(4).toString('hex')}`;
  const root = mkdtempSync(path.join(tmpdir(), 'warren-packaging-'));
  const app = path.join(root, 'app');
  let tarballs: Record<(typeof PACKAGES)[number], string>;
  let runtimeEntries: string[] = [];

  before(() => {
    for (const name of PACKAGES) {
      if (!existsSync(path.join(REPO, 'packages', name, 'dist'))) {
        throw new Error(`packages/${name}/dist is missing: run "npx turbo run build" before the packaging test`);
      }
    }
    mkdirSync(app);
  });

  after(async () => {
    // Each service queue, and the dead-letter queue its server declares beside it.
    const queues = [`${pkg}.v1.Greeter`, `${pkg}.v1.Counter`];
    await deleteQueues(...queues, ...queues.map((q) => `${q}.dead-letter`));
    rmSync(root, { recursive: true, force: true });
  });

  it('packs each package with its README, CHANGELOG, declarations and registry metadata', async (t) => {
    const started = performance.now();
    tarballs = await packAll(REPO, root);
    t.diagnostic(`npm pack x3: ${Math.round(performance.now() - started)} ms`);
    for (const name of PACKAGES) {
      const { stdout } = await run('tar', ['-tzf', tarballs[name]], root);
      const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
      for (const f of ['package.json', 'README.md', 'CHANGELOG.md']) assert.ok(files.includes(f), `${name}: ${f} is not in the tarball`);
      assert.deepEqual(files.filter((f) => /tsbuildinfo|(^|\/)test\//.test(f)), [], `${name}: build state or tests in the tarball`);

      const { stdout: manifestText } = await run('tar', ['-xzOf', tarballs[name], 'package/package.json'], root);
      const manifest = JSON.parse(manifestText) as Record<string, any>;
      assert.equal(manifest.license, 'MIT', `${name}: license`);
      assert.equal(manifest.engines?.node, '>=20', `${name}: engines.node`);
      assert.equal(manifest.repository?.directory, `packages/${name}`, `${name}: repository.directory`);
      if (name === 'cli') {
        assert.ok(files.includes('bin/warren.js') && files.includes('dist/main.js'), 'cli: bin or dist/main.js missing');
        assert.deepEqual(files.filter((f) => f.endsWith('.d.ts')), [], 'cli: a bin-only package ships no declarations');
      } else {
        // Every entry the exports map names must be in the tarball, with its types first.
        const exportsMap = manifest.exports as Record<string, string | Record<string, string>>;
        assert.ok(exportsMap['.'], `${name}: no exports["."]`);
        for (const [subpath, entry] of Object.entries(exportsMap)) {
          if (typeof entry === 'string') continue; // "./package.json"
          assert.deepEqual(Object.keys(entry), ['types', 'default'], `${name}: exports["${subpath}"] conditions`);
          for (const target of Object.values(entry)) assert.ok(files.includes(target.replace(/^\.\//, '')), `${name}: ${target} is not in the tarball`);
        }
      }
      if (name === 'runtime') runtimeEntries = Object.keys(manifest.exports).filter((k) => k !== './package.json');
      if (name === 'codegen') assert.ok(files.includes('proto/warren/options.proto'), 'codegen: options.proto missing');
    }
  });

  it('installs from the tarballs into a project outside the workspace', async (t) => {
    writeUserPackageJson(app, tarballs);
    const { ms } = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
    t.diagnostic(`npm install (3 tarballs, their dependencies, 3 compilers): ${ms} ms`);
    // Every @warren package comes from this run's tarballs, one copy each (none from a
    // registry, none nested under another package).
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const warren = Object.entries(lock.packages)
      .filter(([key]) => key.includes('@warren/'))
      .sort(([a], [b]) => a.localeCompare(b));
    assert.deepEqual(
      warren.map(([key, v]) => [key, v.resolved]),
      [...PACKAGES].sort().map((name) => [`node_modules/@warren/${name}`, `file:${path.relative(app, tarballs[name])}`]),
    );
  });

  it('generates code from a .proto and a TypeScript contract, and scaffolds both services', async (t) => {
    mkdirSync(path.join(app, 'contracts'));
    writeFileSync(path.join(app, 'contracts/greeter.proto'), greeterProto(pkg));
    writeFileSync(path.join(app, 'contracts/counter.ts'), counterContract(pkg));
    const codegen = await run('npx', ['warren', 'codegen'], app);
    t.diagnostic(`npx warren codegen: ${codegen.ms} ms`);
    assert.match(codegen.stdout, /generated 2 services, 2 methods from 2 contracts/);
    for (const service of ['Greeter', 'Counter'] as const) {
      const scaffold = await run('npx', ['warren', 'scaffold', service], app);
      t.diagnostic(`npx warren scaffold ${service}: ${scaffold.ms} ms`);
      // The user fills in the handler the scaffold left UNIMPLEMENTED.
      const file = path.join(app, `src/${service.toLowerCase()}-service.ts`);
      const bodies = HANDLER_BODIES[service === 'Greeter' ? 'greeter' : 'counter'];
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes(bodies.scaffolded(pkg)), `${file} has no UNIMPLEMENTED line:\n${text}`);
      writeFileSync(file, text.replace(bodies.scaffolded(pkg), bodies.written));
    }
    writeFileSync(path.join(app, 'src/call.ts'), CALLER);
    writeFileSync(path.join(app, 'tsconfig.json'), USER_TSCONFIG);
  });

  for (const compiler of COMPILERS) {
    it(`compiles under --strict with ${compiler.alias}, declarations checked (skipLibCheck false)`, async (t) => {
      const tsc = path.join(app, 'node_modules', compiler.alias, 'bin/tsc');
      const { stdout: version } = await run(process.execPath, [tsc, '--version'], app);
      // 5.9 emits the JavaScript the next steps run; the others only check.
      const emit = compiler.alias === 'typescript-5.9' ? [] : ['--noEmit'];
      const { ms } = await run(process.execPath, [tsc, '-p', 'tsconfig.json', ...emit], app);
      t.diagnostic(`${version.trim()}: ${ms} ms`);
    });
  }

  it('compiles each @warren/runtime entry point alone: its declarations name every type they use', async (t) => {
    // One program per entry, importing nothing else, on the latest compiler (no @types
    // included by default): an entry whose .d.ts files use Buffer or AbortSignal without
    // referencing @types/node fails here even when another entry references it.
    const tsc = path.join(app, 'node_modules', COMPILERS[COMPILERS.length - 1]!.alias, 'bin/tsc');
    for (const [i, entry] of runtimeEntries.entries()) {
      const dir = path.join(app, 'entries', String(i));
      mkdirSync(dir, { recursive: true });
      const specifier = `@warren/runtime${entry.slice(1)}`;
      writeFileSync(path.join(dir, 'index.ts'), `export type * as entry from '${specifier}';\n`);
      writeFileSync(path.join(dir, 'tsconfig.json'), USER_TSCONFIG.replace('"include": ["src", "generated"]', '"include": ["index.ts"]'));
      const { ms } = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], dir);
      t.diagnostic(`${specifier} alone: ${ms} ms`);
    }
  });

  it('serves and calls over RabbitMQ: the scaffolded program in its own process, the caller in another', async () => {
    const env = { AMQP_URL };
    const service = await startUntil('dist/src/greeter-service.js', app, 'ready on queue', env);
    try {
      assert.match(service.output(), new RegExp(`${pkg}\\.v1\\.Greeter ready on queue ${pkg}\\.v1\\.Greeter`));
      const { stdout } = await run(process.execPath, ['dist/src/call.js', 'rabbitmq'], app);
      const result = JSON.parse(stdout) as { greeting: string; total: number; refused: string };
      assert.equal(result.greeting, `Hello, Ada x9007199254740993 from ${service.child.pid}`);
      assert.equal(result.total, 4);
      assert.equal(result.refused, 'INVALID_ARGUMENT: by: must not be negative');
    } finally {
      const exited = once(service.child, 'exit');
      service.child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0, `the scaffolded service did not drain and exit 0 on SIGTERM:\n${service.output()}`);
    }
  });

  it('serves and calls over memory(), in one process', async () => {
    const { stdout } = await run(process.execPath, ['dist/src/call.js', 'memory'], app);
    const result = JSON.parse(stdout) as { pid: number; greeting: string; total: number; refused: string };
    assert.equal(result.greeting, `Hello, Ada x9007199254740993 from ${result.pid}`);
    assert.equal(result.total, 4);
    assert.equal(result.refused, 'INVALID_ARGUMENT: by: must not be negative');
  });
});
