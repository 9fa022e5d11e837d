import path from 'node:path';
import type { JSDoc, SourceFile } from 'ts-morph';
import { Node } from './load-ts-morph.js';
import type { SourceLocation } from '../../ir/source-location.js';
import { WARREN_TAGS } from './ts-doc-tags.js';

/** Where nodes of one run's contracts stand, relative to the contracts root. */
export class TsSource {
  /** Absolute paths of the contract files (everything else is a library or outside contracts/). */
  readonly #contractFiles: ReadonlySet<string>;

  constructor(
    readonly root: string,
    contractFiles: readonly string[],
  ) {
    this.#contractFiles = new Set(contractFiles.map((f) => path.resolve(root, f)));
  }

  /** file() per source file: it is asked for every declaration, field and location. */
  readonly #relative = new WeakMap<SourceFile, string>();

  /** True when `node` is written in one of the contract files. */
  isContract(node: Node): boolean {
    return this.#contractFiles.has(path.resolve(this.root, this.file(node)));
  }

  /** The contract-relative path of the file `node` is in, with `/` separators. */
  file(node: Node): string {
    const sf = node.getSourceFile();
    let file = this.#relative.get(sf);
    if (file === undefined) {
      file = path.relative(this.root, sf.getFilePath()).split(path.sep).join('/');
      this.#relative.set(sf, file);
    }
    return file;
  }

  /** `file:line:column` of the node's first token. */
  locate(node: Node): SourceLocation {
    const { line, column } = node.getSourceFile().getLineAndColumnAtPos(node.getStart());
    return { file: this.file(node), line, column };
  }
}

/** The namespace types of a contract file get: `billing/invoice.ts` -> `billing.invoice`. */
export function namespaceOf(file: string): string {
  return file.replace(/\.ts$/, '').split('/').join('.');
}

/** One JSDoc tag: its name without `@`, its text ('' when bare), and its node for locations. */
export interface TsDocTag {
  readonly name: string;
  readonly text: string;
  readonly node: Node;
}

/** A declaration's documentation: its description and the tags that are not warren's. */
export interface TsDoc {
  readonly text: string | undefined;
  /** Tag name -> the last tag of that name. */
  readonly tags: ReadonlyMap<string, TsDocTag>;
  /** Every tag, in order, repeats included. */
  readonly all: readonly TsDocTag[];
}

/** Reads the JSDoc comment right above `node` (the last one when there are several). */
export function readDoc(node: Node): TsDoc {
  const docs: JSDoc[] = Node.isJSDocable(node) ? node.getJsDocs() : [];
  const jsdoc = docs[docs.length - 1];
  if (!jsdoc) return { text: undefined, tags: new Map(), all: [] };
  const lines = [...dedent(jsdoc.getDescription())];
  const tags = new Map<string, TsDocTag>();
  const all: TsDocTag[] = [];
  for (const tag of jsdoc.getTags()) {
    const name = tag.getTagName();
    // The tag's source text: getCommentText() drops what TypeScript parses as a name (`@see docs/x.md`).
    const text = tag
      .getText()
      .replace(/^@\S+/, '')
      .split('\n')
      .map((l) => l.replace(/^\s*\*?\s?/, '').trimEnd())
      .join('\n')
      .trim();
    // A tag whose text starts on the next line (`@example` and its code) keeps that line break.
    const ownLine = /^@\S+[ \t]*\r?\n/.test(tag.getText()) && text !== '';
    tags.set(name, { name, text, node: tag });
    all.push({ name, text, node: tag });
    if (!WARREN_TAGS.has(name)) lines.push(text ? `@${name}${ownLine ? '\n' : ' '}${text}` : `@${name}`);
  }
  const text = lines.join('\n').trim();
  return { text: text || undefined, tags, all };
}

function dedent(text: string): string[] {
  return text
    .replace(/^\s*\n/, '')
    .trimEnd()
    .split('\n')
    .map((l) => l.trim());
}
