import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ContractErrors, generate } from '../src/index.js';
import { GOLDEN_DIR } from './golden-cases.js';

// Each case under golden/proto-rejected/<case>/contracts is a set of .proto files with
// several independent problems: every one must be reported, each at its own file:line:column,
// in reading order. warren must also report an error on every line protoc reports one on:
// protoc is run on the same files when it is installed (CI installs it), and
// protoc-errors.txt beside each case records what protoc 3.21.12 said, for machines without it.
const REJECTED_DIR = path.join(GOLDEN_DIR, 'proto-rejected');

const EXPECTED: Record<string, string[]> = {
  'independent-errors': [
    "broken.proto:6:1: expected ';', found '}'\n  6 | }",
    "broken.proto:10:3: expected ';', found 'RED'\n  10 |   RED = 1;",
    "fields.proto:8:14: duplicate field number 1 in demo.A: \"y\" reuses the number of \"x\" (line 7); expected a number no other field of the message uses",
    "fields.proto:9:3: unknown type \"Missing\": declare it, or import the .proto that declares it",
    "fields.proto:10:13: field number 9 of \"z\" is reserved in demo.A (line 6): expected a number that is not reserved; reserved numbers belong to removed fields and must not be reused",
    "fields.proto:11:7: map key type 'double' is not allowed: expected an integer type, bool or string (for example map<string, ...>)\n  11 |   map<double, Nope> prices = 4;",
    "fields.proto:11:15: unknown type \"Nope\": declare it, or import the .proto that declares it",
    "fields.proto:13:9: \"inner\" is declared twice in A: expected fields, oneofs and nested types of a message to have distinct names",
    "fields.proto:14:3: unknown type \"Unknown\": declare it, or import the .proto that declares it",
    "fields.proto:18:16: the first value of enum demo.Size must be 0 in proto3 (it is the default): add for example SIZE_UNSPECIFIED = 0; first",
    "fields.proto:19:16: duplicate enum number 1 in demo.Size: \"SIZE_LARGE\" and \"SIZE_SMALL\" (line 18); expected distinct numbers, or `option allow_alias = true;` in the enum",
    "fields.proto:23:23: unknown message type \"Absent\": declare it, or import the .proto that declares it",
    "fields.proto:24:7: \"Get\" is declared twice in S: expected the methods of a service to have distinct names",
    "uses-broken.proto:4:8: imported file \"broken.proto\" has errors (reported at broken.proto): what it declares is unknown here until they are fixed",
    "uses-broken.proto:5:8: cannot find import \"nowhere/gone.proto\": expected a path relative to the contracts directory or an include path (for example import \"common/v1/money.proto\";)",
    "uses-broken.proto:8:3: unknown type \"Shared\": declare it, or import the .proto that declares it",
    "uses-broken.proto:9:3: unknown type \"Elsewhere\": declare it, or import the .proto that declares it",
    "uses-broken.proto:11:16: duplicate field number 3 in demo.B: \"dup2\" reuses the number of \"dup\" (line 10); expected a number no other field of the message uses",
  ],
  'misspelled-options': [
    "options.proto:10:10: unknown option queue: did you mean (warren.queue)? Expected an extension of google.protobuf.ServiceOptions in scope, or deprecated; warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import \"warren/options.proto\";",
    "options.proto:11:10: unknown option (warren.queu): did you mean (warren.queue)? Expected an extension of google.protobuf.ServiceOptions in scope, or deprecated; warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import \"warren/options.proto\";",
    "options.proto:13:12: unknown option timeout_ms: did you mean (warren.timeout_ms)? Expected an extension of google.protobuf.MethodOptions in scope, or deprecated or idempotency_level; warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import \"warren/options.proto\";",
    "options.proto:14:12: unknown option (warren.timeoutMs): did you mean (warren.timeout_ms)? Expected an extension of google.protobuf.MethodOptions in scope, or deprecated or idempotency_level; warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import \"warren/options.proto\";",
    "options.proto:15:12: unknown option idempotency: did you mean idempotency_level? Expected an extension of google.protobuf.MethodOptions in scope, or deprecated or idempotency_level; warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import \"warren/options.proto\";",
    "options.proto:16:12: unknown option queue: did you mean (warren.queue) (on a service)? Expected an extension of google.protobuf.MethodOptions in scope, or deprecated or idempotency_level; warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import \"warren/options.proto\";",
  ],
  'syntax-errors': [
    "syntax.proto:7:3: expected ';', found 'string'\n  7 |   string note = 2;",
    "syntax.proto:8:15: expected '=', found '3'\n  8 |   int32 count 3;",
    "syntax.proto:11:1: unexpected 'mesage': expected a statement (syntax, package, import, option, message, enum, service)\n  11 | mesage Typo {}",
    "syntax.proto:14:13: expected a field number (a whole number from 1), found ';'\n  14 |   int32 x = ;",
  ],
  'unclosed': [
    "unclosed.proto:6:3: unterminated comment: expected */ to close the comment started here\n  6 |   /* a comment that never ends",
    "unclosed.proto:9:1: unexpected end of file: expected '}' to close message A (line 4)",
  ],
  'unterminated-string': [
    "str.proto:3:8: unterminated string: \"google/protobuf/empty.proto; has no closing \" on its line (a string cannot span lines)\n  3 | import \"google/protobuf/empty.proto;",
    "str.proto:6:29: unterminated string: \"s]; has no closing \" on its line (a string cannot span lines)\n  6 |   string s = 1 [json_name = \"s];",
  ],
};

/** protoc errors warren reports elsewhere or not at all, with why. */
const NOT_REPEATED: Record<string, string> = {
  // The `;` protoc misses is inside the unterminated string reported on line 3.
  'unterminated-string/str.proto:5': 'a consequence of the unterminated string',
  // protoc names the nested message `inner`; warren the field declared after it (line 13), as for every clash.
  'independent-errors/fields.proto:12': 'the same clash, at the later declaration',
};

/** warren/options.proto, for protoc. */
const WARREN_PROTO = path.resolve(GOLDEN_DIR, '../../proto');
const HAS_PROTOC = spawnSync('protoc', ['--version']).status === 0;

/** protoc's errors for a case, file by file (protoc stops at the first failing file of a command). */
function protocErrors(name: string): string {
  const dir = path.join(REJECTED_DIR, name, 'contracts');
  if (!HAS_PROTOC) return readFileSync(path.join(REJECTED_DIR, name, 'protoc-errors.txt'), 'utf8');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => spawnSync('protoc', ['-I.', `-I${WARREN_PROTO}`, '--descriptor_set_out=/dev/null', f], { cwd: dir, encoding: 'utf8' }).stderr)
    .join('');
}

function errorsOf(name: string): string[] {
  try {
    generate({ contractsDir: path.join(REJECTED_DIR, name, 'contracts') });
  } catch (err) {
    assert.ok(err instanceof ContractErrors, String(err));
    return err.errors.map((e) => e.message);
  }
  return [];
}

describe('.proto contracts: every independent error of a run', () => {
  it('has an expectation for every case folder, and a folder for every expectation', () => {
    assert.deepEqual(readdirSync(REJECTED_DIR).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, messages] of Object.entries(EXPECTED)) {
    it(`${name}: fails with exactly the expected errors`, () => {
      assert.deepEqual(errorsOf(name), messages);
    });

    it(`${name}: reports every line protoc reports an error on${HAS_PROTOC ? '' : ' (as recorded)'}`, () => {
      const protoc = protocErrors(name);
      const lines = new Set(errorsOf(name).map((m) => /^([^:]+:\d+):/.exec(m)![1]));
      const located = [...protoc.matchAll(/^([^:\s]+\.proto):(\d+):\d+: /gm)];
      assert.ok(located.length > 0, `protoc finds errors in ${name}:\n${protoc}`);
      for (const [, file, line] of located) {
        if (NOT_REPEATED[`${name}/${file}:${line}`]) continue;
        assert.ok(lines.has(`${file}:${line}`), `protoc reports an error at ${file}:${line}; warren reports:\n${[...lines].join('\n')}`);
      }
    });
  }
});
