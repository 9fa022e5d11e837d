import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli-error.js';
import { errorMessage } from '../error-message.js';

/** The name `warren` looks for in the working directory. */
export const CONFIG_FILE = 'warren.config.json';

/** warren.config.json, with paths resolved against the file's directory. */
export interface WarrenConfig {
  /** Where the config came from; undefined when there is none. */
  readonly file?: string | undefined;
  /** Contracts directory (absolute). */
  readonly contracts?: string | undefined;
  /** Output directory of codegen (absolute). */
  readonly out?: string | undefined;
  /** Extra roots for .proto imports (absolute). */
  readonly include?: readonly string[] | undefined;
}

const EXAMPLE = `{ "contracts": "contracts", "out": "generated", "include": ["third_party/proto"] }`;
const KEYS = new Set(['$schema', 'contracts', 'out', 'include']);

/**
 * Reads the config at `explicit`, else `warren.config.json` in `cwd` when it exists. An
 * explicit path that does not exist, malformed JSON, unknown keys and wrong types are errors.
 */
export function loadConfig(cwd: string, explicit?: string): WarrenConfig {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new CliError(`no config file at ${explicit}\nExpected a JSON file like ${EXAMPLE}`);
    return {};
  }
  const shown = path.relative(cwd, file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`${shown}: not valid JSON (${errorMessage(err)})\nExpected for example ${EXAMPLE}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CliError(`${shown}: expected a JSON object, got ${JSON.stringify(raw)}\nExample: ${EXAMPLE}`);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KEYS.has(key)) {
      throw new CliError(`${shown}: unknown key "${key}"; expected one of contracts, out, include\nExample: ${EXAMPLE}`);
    }
  }
  const dir = path.dirname(file);
  const str = (key: string): string | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') {
      throw new CliError(`${shown}: "${key}" must be a non-empty path string, got ${JSON.stringify(v)}\nExample: ${EXAMPLE}`);
    }
    return path.resolve(dir, v);
  };
  const include = obj['include'];
  if (include !== undefined && (!Array.isArray(include) || include.some((p) => typeof p !== 'string' || p === ''))) {
    throw new CliError(`${shown}: "include" must be an array of path strings, got ${JSON.stringify(include)}\nExample: ${EXAMPLE}`);
  }
  return {
    file,
    contracts: str('contracts'),
    out: str('out'),
    include: (include as string[] | undefined)?.map((p) => path.resolve(dir, p)),
  };
}
