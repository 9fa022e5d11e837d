import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { ContractError, ContractErrors } from '../../ir/contract-error.js';
import { ProtoLocator } from './proto-locator.js';

/** A parsed set of .proto files: protobufjs's resolved root and a locator per file. */
export interface LoadedProtos {
  readonly root: protobuf.Root;
  /** Keyed by path relative to the contracts root. */
  readonly locators: ReadonlyMap<string, ProtoLocator>;
  /** Relative path of every file protobufjs loaded from disk, keyed by absolute path. */
  readonly relative: (absolute: string) => string;
}

/**
 * Loads and resolves `files` (relative to `contractsDir`). Imports resolve against the
 * contracts root, then each include path; the well-known types come with protobufjs.
 * @throws ContractErrors with file:line:column for syntax errors and unknown types.
 */
export function loadProtoRoot(contractsDir: string, files: readonly string[], includePaths: readonly string[] = []): LoadedProtos {
  const locators = new Map<string, ProtoLocator>();
  const roots = [contractsDir, ...includePaths].map((p) => path.resolve(p));
  const relative = (absolute: string) => {
    const base = roots.find((r) => absolute.startsWith(r + path.sep)) ?? contractsDir;
    return path.relative(base, absolute).split(path.sep).join('/');
  };
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const base of roots) {
      const candidate = path.join(base, target);
      if (existsSync(candidate)) return candidate;
    }
    if (origin) {
      const sibling = path.join(path.dirname(origin), target);
      if (existsSync(sibling)) return sibling;
    }
    return target; // protobufjs falls back to its bundled google/protobuf/*.proto
  };

  const errors: ContractError[] = [];
  for (const file of files) {
    const absolute = path.resolve(contractsDir, file);
    const source = readFileSync(absolute, 'utf8');
    locators.set(file, new ProtoLocator(file, source));
    try {
      root.loadSync(absolute, { keepCase: true, alternateCommentMode: true });
    } catch (err) {
      errors.push(syntaxError(file, source, err));
    }
  }
  if (errors.length > 0) throw new ContractErrors(errors);
  // Imported files outside `files` need locators too.
  for (const absolute of root.files) {
    const rel = relative(absolute);
    if (!locators.has(rel) && existsSync(absolute)) locators.set(rel, new ProtoLocator(rel, readFileSync(absolute, 'utf8')));
  }
  return { root, locators, relative };
}

/** Turns protobufjs's "illegal token 'x' (line N)" into file:line:column with a hint. */
function syntaxError(file: string, source: string, err: unknown): ContractError {
  const message = err instanceof Error ? err.message : String(err);
  const match = /^(.*?)\s*\((?:.*?, )?line (\d+)\)$/.exec(message);
  if (!match) return new ContractError({ file, line: 1, column: 1 }, message);
  const line = Number(match[2]);
  const token = /'([^']*)'/.exec(match[1]!)?.[1];
  const text = source.split('\n')[line - 1] ?? '';
  const column = token ? Math.max(1, text.indexOf(token) + 1) : 1;
  return new ContractError({ file, line, column }, `${match[1]}\n  ${line} | ${text.trimEnd()}`);
}
