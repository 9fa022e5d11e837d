import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type * as TypeScript from 'typescript';

// The runtime's entry points are a promise to users: each exports exactly the names the
// package README lists, types included (read from the published declarations with the
// compiler, so a type that slips into an entry fails here too), and nothing marked
// @internal ships in them.
const here = path.dirname(fileURLToPath(import.meta.url));
const runtimeDir = path.resolve(here, '../../packages/runtime');
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

/** The names the README's "Entry points" section lists for `entry` (backticked words of its bullet). */
function documented(entry: string): string[] {
  const readme = readFileSync(path.join(runtimeDir, 'README.md'), 'utf8');
  const section = readme.split('## Entry points')[1]?.split('\n## ')[0] ?? '';
  const bullet = section.split('\n- ').find((b) => b.startsWith(`\`${entry}\`:`));
  assert.ok(bullet, `packages/runtime/README.md lists no entry \`${entry}\``);
  const names = [...bullet.slice(entry.length + 3).matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/** Every name (values and types) the declaration file `dts` exports, as a compiler sees it. */
function declared(dts: string): string[] {
  const file = path.join(runtimeDir, 'dist', dts);
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [] });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!);
  assert.ok(symbol, `${file}: not a module`);
  return checker.getExportsOfModule(symbol).map((s) => s.name).sort();
}

const ENTRIES = [
  { entry: '@warren/runtime', dts: 'index.d.ts' },
  { entry: '@warren/runtime/memory', dts: 'memory/index.d.ts' },
  { entry: '@warren/runtime/protocol', dts: 'protocol.d.ts' },
  { entry: '@warren/runtime/otel', dts: 'otel/index.d.ts' },
];

describe("the runtime's entry points export exactly what its README lists", () => {
  for (const { entry, dts } of ENTRIES) {
    it(entry, async () => {
      const names = declared(dts);
      assert.deepEqual(names, documented(entry), `${entry} (dist/${dts}) differs from the list in packages/runtime/README.md`);
      // Every value the module really exports at run time is among them (a type-only name has no value).
      const values = Object.keys(await import(entry)).sort();
      assert.deepEqual(values.filter((v) => !names.includes(v)), [], `${entry} exports values its declarations do not`);
    });
  }

  it('@warren/runtime/codegen: generated code imports only from it, and only what it exports', () => {
    const exported = new Set(declared('codegen.d.ts'));
    assert.ok(exported.has('ProtoWriter') && exported.has('jsonCodec') && exported.has('RpcClient'));
    const generated = path.resolve(here, '../../generated');
    const files = ts.sys.readDirectory(generated, ['.ts']);
    assert.ok(files.length > 0, 'no generated modules found');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/from '(@warren\/[^']+)'/g)].map((m) => m[1]);
      assert.deepEqual([...new Set(specifiers)], ['@warren/runtime/codegen'], `${path.relative(generated, file)} imports ${specifiers.join(', ')}`);
      const block = /import \{([^}]*)\} from '@warren\/runtime\/codegen'/.exec(text)?.[1] ?? '';
      for (const spec of block.split(',').map((s) => s.trim().replace(/^type /, '').split(' as ')[0]!).filter(Boolean)) {
        assert.ok(exported.has(spec), `${path.relative(generated, file)} imports ${spec}, which @warren/runtime/codegen does not export`);
      }
    }
  });

  it('no declaration shipped in dist/ carries an @internal declaration (stripInternal is on)', () => {
    const config = JSON.parse(readFileSync(path.join(runtimeDir, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { stripInternal?: boolean } };
    assert.equal(config.compilerOptions.stripInternal, true);
    // An @internal member of a public class (Server.start) is gone from its declaration.
    const server = readFileSync(path.join(runtimeDir, 'dist/server/server.d.ts'), 'utf8');
    assert.doesNotMatch(server, /\bstart\(\): Promise<void>/);
  });
});
