// main(argv) in process: every usage mistake ends in exit 1 with one `warren: ...` line that
// names what was wrong, and nothing throws out of main().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../src/main.js';

/** Runs main() with stderr captured (nothing here reaches stdout). */
async function runMain(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('warren main(): usage errors', () => {
  const cases: [argv: string[], what: string, expected: RegExp][] = [
    [[], 'no command', /^warren: Name a command, for example: warren codegen\nRun "warren --help" for usage\.\n$/],
    [['codgen'], 'a misspelt command, with the one meant', /^warren: unknown command "codgen"\. Did you mean codegen\?/],
    [['list', '--jsn'], 'an unknown flag, by name', /^warren: Unknown argument: jsn\nRun "warren --help" for usage\.\n$/],
    [['codegen', '--check', '--watch'], 'flags that exclude each other', /^warren: --check and --watch do not go together/],
    [['breaking'], 'a missing required option', /^warren: Missing required argument: against/],
    [['scaffold'], 'a missing service', /^warren: Not enough non-option arguments: got 0, need at least 1/],
    [['call'], 'a missing method', /^warren: Not enough non-option arguments: got 0, need at least 1/],
    [['codegen', '--config', 'no-such-warren.config.json'], 'a --config file that does not exist', /^warren: no config file at no-such-warren\.config\.json\nExpected a JSON file like/],
  ];
  for (const [argv, what, expected] of cases) {
    it(`${['warren', ...argv].join(' ')}: ${what}, exit 1`, async () => {
      const { code, stderr } = await runMain(argv);
      assert.equal(code, 1, stderr);
      assert.match(stderr, expected);
      assert.doesNotMatch(stderr, /unexpected error|\n\s+at /, 'a usage error must not print a stack');
    });
  }
});
