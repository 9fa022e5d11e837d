import { readFileSync } from 'node:fs';
import { CliError } from '../../cli-error.js';
import { errorMessage } from '../../error-message.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads the request argument: JSON text, `@file` for a file, `@-` for stdin (as curl); default `{}`. */
export function readBodyArg(arg: string | undefined): { text: string; source: string } {
  if (arg === undefined) return { text: '{}', source: 'default {}' };
  if (arg.startsWith('@')) {
    const file = arg === '@-' ? 0 : arg.slice(1);
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch (err) {
      throw new CliError(`cannot read the request from ${arg === '@-' ? 'stdin' : arg.slice(1)}: ${errorMessage(err)}`);
    }
    if (buf.length > MAX_BODY_BYTES) throw new CliError(`the request in ${arg} is ${buf.length} bytes; at most ${MAX_BODY_BYTES} are accepted`);
    return { text: buf.toString('utf8'), source: arg === '@-' ? 'stdin' : arg.slice(1) };
  }
  return { text: arg, source: 'the argument' };
}

/** Parses JSON text; a syntax error echoes (a capped slice of) the input. */
export function parseJsonArg(text: string, source: string, example: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    throw new CliError(
      `the request from ${source} is not valid JSON (${errorMessage(err)})\n` +
        `  got:      ${shown}\n  expected: ${example}\n` +
        `Quote it for the shell: warren call Service.Method '${example}'`,
    );
  }
}

/** `k=v` pairs from repeated --header flags. Keys starting x-warren- belong to the protocol. */
export function parseHeaders(pairs: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--header expects key=value, got "${pair}"\nFor example: --header traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`);
    const key = pair.slice(0, eq).trim();
    if (key.toLowerCase().startsWith('x-warren-')) {
      throw new CliError(`--header "${key}" is reserved: x-warren-* headers are set by the protocol (use --timeout for the deadline)`);
    }
    headers[key] = pair.slice(eq + 1);
  }
  return headers;
}

/** `500`, `500ms`, `5s`, `1m` -> milliseconds. */
export function parseTimeout(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(value).trim());
  const ms = m ? Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new CliError(`--timeout expects a positive duration such as 500ms, 5s or 1m (a bare number is ms), got "${value}"`);
  }
  return Math.ceil(ms);
}
