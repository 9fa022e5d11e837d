/** Collects the imports a generated module needs and prints them sorted, so output is deterministic. */
export class ImportCollector {
  readonly #values = new Map<string, Set<string>>();
  readonly #types = new Map<string, Set<string>>();

  /** Imports a value binding (`import { x } from 'from'`, or `x as alias`); returns the local name. */
  value(from: string, name: string, alias?: string): string {
    add(this.#values, from, alias === undefined ? name : `${name} as ${alias}`);
    return alias ?? name;
  }

  /** Imports a type-only binding (`import { type X } from 'from'`, or `type X as alias`); returns the local name. */
  type(from: string, name: string, alias?: string): string {
    add(this.#types, from, alias === undefined ? name : `${name} as ${alias}`);
    return alias ?? name;
  }

  lines(): string[] {
    const modules = [...new Set([...this.#values.keys(), ...this.#types.keys()])].sort((a, b) =>
      // package imports first, then relative ones
      a.startsWith('.') === b.startsWith('.') ? a.localeCompare(b) : a.startsWith('.') ? 1 : -1,
    );
    return modules.map((from) => {
      const values = [...(this.#values.get(from) ?? [])];
      const types = [...(this.#types.get(from) ?? [])].filter((t) => !values.includes(t));
      const names = [...values.map((v) => ({ n: v, s: v })), ...types.map((t) => ({ n: t, s: `type ${t}` }))]
        .sort((a, b) => a.n.localeCompare(b.n))
        .map((x) => x.s);
      const oneLine = `import { ${names.join(', ')} } from '${from}';`;
      if (oneLine.length <= 100) return oneLine;
      return `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${from}';`;
    });
  }
}

function add(map: Map<string, Set<string>>, from: string, name: string): void {
  let set = map.get(from);
  if (!set) map.set(from, (set = new Set()));
  set.add(name);
}
