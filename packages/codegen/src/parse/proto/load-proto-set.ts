import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { ContractError } from '../../ir/contract-error.js';
import { formatLocation } from '../../ir/source-location.js';
import { checkProtoSource } from './check-proto-source.js';
import { checkProtoSyntax } from './check-proto-syntax.js';
import { loadTolerantly } from './load-tolerantly.js';
import { ProtoLocator, type DeclSite } from './proto-locator.js';
import { lexProto, tokenizeProto } from './tokenize-proto.js';

/** A parsed set of .proto files: protobufjs's resolved root and a locator per file. */
export interface LoadedProtos {
  readonly root: protobuf.Root;
  /** Keyed by path relative to the contracts root. */
  readonly locators: ReadonlyMap<string, ProtoLocator>;
  /** Relative path of every file protobufjs loaded from disk, keyed by absolute path. */
  readonly relative: (absolute: string) => string;
  /** Files (relative paths) with syntax errors: protobufjs did not read them. */
  readonly broken: ReadonlySet<string>;
}

/** `warren/options.proto` ships in this package's `proto/` folder (src/parse/proto -> ../../../proto). */
export const WARREN_PROTO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../proto');

/** The well-known types protobufjs bundles (resolved without a file). */
const BUNDLED = new Set(
  ['any', 'duration', 'timestamp', 'empty', 'struct', 'wrappers', 'field_mask'].map((n) => `google/protobuf/${n}.proto`),
);

/** descriptor.proto (for option extensions) comes as a file with protobufjs, not bundled. */
function descriptorProto(): string {
  return createRequire(import.meta.url).resolve('protobufjs/google/protobuf/descriptor.proto');
}

/**
 * Loads and resolves `files` (relative to `contractsDir`). Imports resolve against the
 * contracts root, then each include path, then warren's own `warren/options.proto`; the
 * well-known types come with protobufjs. Returns the problems of every file (file:line:column:
 * syntax errors, unresolved imports, duplicate or reserved field numbers and names, and the
 * other checks of checkProtoSource), and the root of what could be read. A file with syntax errors
 * gets only those reported (its declarations cannot be trusted) and is not read; a file
 * importing it gets an error at the import, and every other file is checked in full, so one
 * broken file hides nothing else.
 */
export function loadProtoSet(
  contractsDir: string,
  files: readonly string[],
  includePaths: readonly string[] = [],
): LoadedProtos & { readonly errors: ContractError[] } {
  const locators = new Map<string, ProtoLocator>();
  const roots = [contractsDir, ...includePaths, WARREN_PROTO_DIR].map((p) => path.resolve(p));
  const relative = (absolute: string) => {
    const base = roots.find((r) => absolute.startsWith(r + path.sep)) ?? contractsDir;
    return path.relative(base, absolute).split(path.sep).join('/');
  };
  const find = (target: string, origin?: string): string | undefined => {
    for (const base of roots) {
      const candidate = path.join(base, target);
      if (existsSync(candidate)) return candidate;
    }
    if (origin) {
      const sibling = path.join(path.dirname(origin), target);
      if (existsSync(sibling)) return sibling;
    }
    if (target === 'google/protobuf/descriptor.proto') return descriptorProto();
    return undefined;
  };
  const root = new protobuf.Root();
  // protobufjs falls back to its bundled google/protobuf/*.proto for a path returned as is.
  root.resolvePath = (origin, target) => (path.isAbsolute(target) ? target : (find(target, origin || undefined) ?? target));

  const errors: ContractError[] = [];
  const declared = new Map<string, DeclSite>();
  const sources = new Map<string, string>();
  const broken = new Set<string>();
  const brokenAbsolute = new Set<string>();
  const readable: { locator: ProtoLocator; absolute: string }[] = [];
  const unresolved = new Set<string>();
  const check = (rel: string, absolute: string) => {
    const source = readFileSync(absolute, 'utf8');
    const locator = new ProtoLocator(rel, source);
    locators.set(rel, locator);
    sources.set(absolute, source);
    const syntax = syntaxErrorsOf(rel, source);
    errors.push(...syntax.errors);
    if (syntax.broken) {
      broken.add(rel);
      brokenAbsolute.add(absolute);
      return locator;
    }
    const resolves = (target: string) => BUNDLED.has(target) || find(target, absolute) !== undefined;
    errors.push(...checkProtoSource(locator, rel, resolves, declared));
    for (const i of locator.imports) if (!resolves(i.path)) unresolved.add(i.path);
    readable.push({ locator, absolute });
    return locator;
  };
  for (const file of files) check(file, path.resolve(contractsDir, file));
  // Files imported from include paths are checked too: protobufjs would report their
  // problems without a position, or against the importing file.
  const pending = [...locators.values()].flatMap((l) => l.imports.map((i) => i.path));
  const seen = new Set<string>(files);
  for (let target = pending.pop(); target !== undefined; target = pending.pop()) {
    const absolute = find(target);
    if (seen.has(target) || !absolute || absolute === descriptorProto() || absolute.startsWith(WARREN_PROTO_DIR + path.sep)) continue;
    seen.add(target);
    pending.push(...check(relative(absolute), absolute).imports.map((i) => i.path));
  }
  for (const { locator, absolute } of readable) {
    for (const i of locator.imports) {
      const target = find(i.path, absolute);
      if (target && brokenAbsolute.has(target)) {
        errors.push(
          new ContractError(
            i.at,
            `imported file "${i.path}" has errors (reported at ${relative(target)}): what it declares is unknown here until they are fixed`,
          ),
        );
      }
    }
  }
  // loadSync resolves every type name at its end and throws at the first unknown one, without
  // a position; proto-to-ir resolves field by field instead and reports each at its token.
  // protobufjs skips the files already in root.files: those with syntax errors (reported
  // above) and imports that resolve nowhere (reported by checkProtoSource).
  const resolveAll = root.resolveAll;
  root.resolveAll = () => root;
  root.files.push(...brokenAbsolute, ...unresolved);
  for (const file of files) {
    if (broken.has(file)) continue;
    const absolute = path.resolve(contractsDir, file);
    const uncovered = loadTolerantly(() => {
      try {
        root.loadSync(absolute, { keepCase: true, alternateCommentMode: true });
      } catch (err) {
        errors.push(loadError(file, sources.get(absolute)!, err, relative));
      }
    });
    for (const { error, filename } of uncovered) {
      const where = filename && path.isAbsolute(filename) ? filename : absolute;
      const found = loadError(relative(where), sources.get(where) ?? '', error, relative);
      // A clash checkProtoSource already reported at that token is not reported twice.
      if (!errors.some((e) => formatLocation(e.location) === formatLocation(found.location))) errors.push(found);
    }
  }
  root.resolveAll = resolveAll;
  // Imported files outside `files` need locators too.
  for (const absolute of root.files) {
    if (!path.isAbsolute(absolute) || brokenAbsolute.has(absolute)) continue;
    const rel = relative(absolute);
    if (!locators.has(rel) && existsSync(absolute)) locators.set(rel, new ProtoLocator(rel, readFileSync(absolute, 'utf8')));
  }
  return { root, locators, relative, broken, errors };
}

/** The lexical and syntax errors of one file, each with its line quoted; `broken` when protobufjs cannot read it. */
function syntaxErrorsOf(file: string, source: string): { errors: ContractError[]; broken: boolean } {
  const { tokens, errors: lexErrors } = lexProto(source);
  const lines = source.split('\n');
  const end = { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  const found = [...lexErrors, ...checkProtoSyntax(tokens, end)];
  const errors = found.map((e) => {
    const text = (lines[e.line - 1] ?? '').trimEnd();
    return new ContractError({ file, line: e.line, column: e.column }, text ? `${e.problem}\n  ${e.line} | ${text}` : e.problem);
  });
  return { errors, broken: found.some((e) => !('readable' in e && e.readable)) };
}

/**
 * Turns protobufjs's "illegal token 'x' (file, line N)" into file:line:column with the line
 * quoted. The file named in the message wins: the error may be in an imported file.
 */
function loadError(file: string, source: string, err: unknown, relative: (absolute: string) => string): ContractError {
  const message = err instanceof Error ? err.message : String(err);
  const match = /^(.*?)\s*\((?:(.*?), )?line (\d+)\)$/.exec(message);
  const duplicate = /^duplicate name '([^']+)' in (\w+) \.?(\S+)$/.exec(message);
  if (duplicate) {
    // No position from protobufjs: the clash is the last declaration of that name.
    const last = tokenizeProto(source).filter((t) => t.text === duplicate[1]).pop();
    return new ContractError(
      { file, line: last?.line ?? 1, column: last?.column ?? 1 },
      duplicate[2] === 'Service'
        ? `"${duplicate[1]}" is declared twice in ${duplicate[3]}: expected the methods of a service to have distinct names`
        : `"${duplicate[1]}" is declared twice in ${duplicate[3]}: expected fields, oneofs and nested types of a message to have distinct names`,
    );
  }
  if (!match) return new ContractError({ file, line: 1, column: 1 }, message);
  const where = match[2] && path.isAbsolute(match[2]) ? match[2] : undefined;
  const errorFile = where ? relative(where) : file;
  const text = ((where && existsSync(where) ? readFileSync(where, 'utf8') : source).split('\n')[Number(match[3]) - 1] ?? '').trimEnd();
  const line = Number(match[3]);
  const token = /'([^']*)'/.exec(match[1]!)?.[1];
  const mapKey = token !== undefined && /^illegal type/.test(match[1]!) && text.includes(`map<${token}`);
  const at = mapKey ? text.indexOf(`map<${token}`) + 4 : token ? text.indexOf(token) : text.search(/\S/);
  const column = Math.max(1, at + 1);
  if (mapKey) {
    return new ContractError(
      { file: errorFile, line, column },
      `map key type '${token}' is not allowed: expected an integer type, bool or string (for example map<string, ...>)\n  ${line} | ${text}`,
    );
  }
  const problem = explain(match[1]!);
  return new ContractError({ file: errorFile, line, column }, `${problem}\n  ${line} | ${text}`);
}

/** protobufjs's terse parse errors, reworded to say what was expected. */
function explain(message: string): string {
  const rules: [RegExp, string][] = [
    [/^illegal token '([^']*)', '([^']*)' expected$/, "expected '$2', found '$1'"],
    [/^illegal token '([^']*)'$/, "unexpected '$1': expected a statement (syntax, package, import, option, message, enum, service) or a field"],
    [/^illegal id '([^']*)'$/, "expected a field number (a whole number from 1), found '$1'"],
    [/^illegal name '([^']*)'$/, "expected a name (letters, digits and _, not starting with a digit), found '$1'"],
    [/^illegal end of input.*$/, "unexpected end of file: expected '}' to close a block"],
    [/^illegal (type|value|string|number) '([^']*)'$/, "unexpected $1 '$2'"],
  ];
  for (const [pattern, replacement] of rules) if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}
