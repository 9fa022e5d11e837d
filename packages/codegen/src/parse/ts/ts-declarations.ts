import type { TypeDecl } from '../../ir/contract.js';
import type { Node } from './load-ts-morph.js';
import type { TsSource } from './ts-source.js';

/** The declarations the type mapper has reached, keyed by their syntax node, with one generated name per file. */
export class TsDeclarations {
  readonly #declared = new Map<Node, { decl: TypeDecl; file: string; pos: number }>();
  readonly #names = new Map<string, Set<string>>();

  constructor(readonly source: TsSource) {}

  /** The declaration made for `key`, if it was reached before. */
  get(key: Node): TypeDecl | undefined {
    return this.#declared.get(key)?.decl;
  }

  /** Records `decl` for `key`; false when its file already has a type generated under `decl.tsName`. */
  add(key: Node, decl: TypeDecl): boolean {
    const file = this.source.file(key);
    let names = this.#names.get(file);
    if (!names) this.#names.set(file, (names = new Set()));
    if (names.has(decl.tsName)) return false;
    names.add(decl.tsName);
    this.#declared.set(key, { decl, file, pos: key.getStart() });
    return true;
  }

  /** A declaration by fully qualified name. */
  find(fullName: string): TypeDecl | undefined {
    for (const d of this.#declared.values()) if (d.decl.fullName === fullName) return d.decl;
    return undefined;
  }

  /** Every declaration, grouped by contract file, in source order. */
  byFile(): Map<string, TypeDecl[]> {
    const byFile = new Map<string, { decl: TypeDecl; pos: number }[]>();
    for (const d of this.#declared.values()) {
      let list = byFile.get(d.file);
      if (!list) byFile.set(d.file, (list = []));
      list.push(d);
    }
    const result = new Map<string, TypeDecl[]>();
    for (const [file, list] of byFile) result.set(file, list.sort((a, b) => a.pos - b.pos).map((d) => d.decl));
    return result;
  }
}
