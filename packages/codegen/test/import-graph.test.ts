import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import ts from 'typescript';

// The packages' modules import one way: no circle (type-only imports count too: a circle of
// types is still two modules that cannot be understood apart), and codegen's parsers never
// import the emitters (parsing produces the IR and knows nothing of what is generated from it).
const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCES = ['runtime/src', 'codegen/src', 'cli/src'].map((dir) => path.join(packages, dir));

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The files `file` imports or re-exports by relative path (`./x.js` is `./x.ts`). */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
      if (existsSync(target)) return target;
      const index = path.join(target.replace(/\.ts$/, ''), 'index.ts');
      assert.ok(existsSync(index), `${rel(file)} imports ${spec}, which is not a file`);
      return index;
    });
}

const rel = (file: string): string => path.relative(packages, file);

/** The import graph of `files`. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, relativeImports(f)]));
}

/** Every circle in `graph`, each once, as the path around it (`a -> b -> a`). */
export function circles(graph: ReadonlyMap<string, readonly string[]>, name: (file: string) => string = rel): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map(name).join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

const graph = importGraph(SOURCES.flatMap(sourceFiles));

// Empty: there is no circle. (The last one, amqp-connection <-> check-connect-options over
// the ConnectOptions type, went when the options moved to connect-options.ts.)
const KNOWN_CIRCLES: string[] = [];

it('the import graph of runtime, codegen and cli has no circle', () => {
  assert.ok(graph.size > 100, `read only ${graph.size} modules`);
  assert.deepEqual(circles(graph), KNOWN_CIRCLES);
});

it("codegen's parsers do not import its emitters", () => {
  const parse = path.join(packages, 'codegen/src/parse') + path.sep;
  const emit = path.join(packages, 'codegen/src/emit') + path.sep;
  const wrong = [...graph]
    .filter(([file]) => file.startsWith(parse))
    .flatMap(([file, imports]) => imports.filter((i) => i.startsWith(emit)).map((i) => `${rel(file)} imports ${rel(i)}`));
  assert.deepEqual(wrong, []);
});

it('finds every circle once', () => {
  const graph = new Map([['a', ['b']], ['b', ['c', 'd']], ['c', ['a']], ['d', []], ['e', ['a', 'e']]]);
  assert.deepEqual(circles(graph, (f) => f), ['a -> b -> c -> a', 'e -> e']);
  assert.deepEqual(circles(new Map([['a', ['b']], ['b', []]]), (f) => f), []);
});
