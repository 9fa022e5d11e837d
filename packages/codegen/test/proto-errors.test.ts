import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ContractErrors, generate } from '../src/index.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes `files` into a fresh directory. */
function errorsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'warren-proto-errors-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Generates from contracts written into a fresh directory; returns the error messages. */
function errorsOf(files: Record<string, string>, includePaths: string[] = []): string[] {
  const dir = errorsDir(files);
  try {
    generate({ contractsDir: dir, includePaths });
  } catch (err) {
    if (err instanceof ContractErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  return [];
}

const HEAD = 'syntax = "proto3";\npackage demo;\n';

/** Asserts exactly one error, at `where` (file:line:column), matching `pattern`. */
function expectError(files: Record<string, string>, where: string, pattern: RegExp): void {
  const errors = errorsOf(files);
  assert.equal(errors.length, 1, `expected one error, got:\n${errors.join('\n')}`);
  assert.ok(errors[0]!.startsWith(`${where}: `), `expected it at ${where}: ${errors[0]}`);
  assert.match(errors[0]!, pattern);
}

describe('contract errors name file:line:column and what was expected', () => {
  it('a syntax error', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 1\n}\n` }, 'a.proto:5:1', /expected ';', found '}'/);
  });

  it('other syntax errors, reworded to say what was expected', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x 1;\n}\n` }, 'a.proto:4:11', /expected '=', found '1'/);
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = abc;\n}\n` }, 'a.proto:4:13', /expected a field number .*found 'abc'/);
    expectError({ 'a.proto': `${HEAD}mesage A {\n  int32 x = 1;\n}\n` }, 'a.proto:3:1', /unexpected 'mesage': expected a statement/);
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 1;\n` }, 'a.proto:5:1', /unexpected end of file: expected '}'/);
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 1x = 1;\n}\n` }, 'a.proto:4:9', /expected a name .*found '1x'/);
  });

  it('an unknown field type', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  Missing x = 1;\n}\n` }, 'a.proto:4:3', /unknown type "Missing".*import/);
  });

  it('an unknown request type of a method', () => {
    expectError(
      { 'a.proto': `${HEAD}message A {}\nservice S {\n  rpc M(Nope) returns (A);\n}\n` },
      'a.proto:5:9',
      /unknown message type "Nope"/,
    );
  });

  it('a duplicate field number', () => {
    expectError(
      { 'a.proto': `${HEAD}message A {\n  int32 x = 1;\n  string y = 1;\n}\n` },
      'a.proto:5:14',
      /duplicate field number 1 in demo\.A: "y" reuses the number of "x" \(line 4\)/,
    );
  });

  it('a duplicate field name', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 1;\n  string x = 2;\n}\n` }, 'a.proto:5:10', /duplicate field name "x"/);
  });

  it('a reserved number, whether reserved before or after the field', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  reserved 2, 5 to 9;\n  int32 x = 7;\n}\n` }, 'a.proto:5:13', /number 7 of "x" is reserved in demo\.A \(line 4\)/);
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 2;\n  reserved 2;\n}\n` }, 'a.proto:4:13', /number 2 of "x" is reserved/);
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 600;\n  reserved 500 to max;\n}\n` }, 'a.proto:4:13', /number 600 of "x" is reserved/);
  });

  it('a reserved name', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  reserved "old";\n  int32 old = 1;\n}\n` }, 'a.proto:5:9', /field name "old" is reserved in demo\.A/);
  });

  it('a field number out of range or in 19000-19999', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 0;\n}\n` }, 'a.proto:4:13', /out of range: expected 1 to 536870911/);
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 x = 19001;\n}\n` }, 'a.proto:4:13', /reserved for the protobuf implementation/);
  });

  it('an enum whose first value is not 0, and a duplicate enum number without allow_alias', () => {
    expectError({ 'a.proto': `${HEAD}enum Color {\n  COLOR_RED = 1;\n}\n` }, 'a.proto:4:15', /must be 0 in proto3.*COLOR_UNSPECIFIED = 0;/);
    expectError(
      { 'a.proto': `${HEAD}enum E {\n  E_0 = 0;\n  E_A = 1;\n  E_B = 1;\n}\n` },
      'a.proto:6:9',
      /duplicate enum number 1 in demo\.E.*allow_alias/,
    );
    assert.deepEqual(errorsOf({ 'a.proto': `${HEAD}enum E {\n  option allow_alias = true;\n  E_0 = 0;\n  E_A = 1;\n  E_B = 1;\n}\n` }), []);
  });

  it('an import that resolves nowhere', () => {
    expectError({ 'a.proto': `${HEAD}import "common/nope.proto";\nmessage A {}\n` }, 'a.proto:3:8', /cannot find import "common\/nope\.proto"/);
  });

  it('a type declared twice, in two files', () => {
    expectError(
      { 'a.proto': `${HEAD}message A {}\n`, 'b.proto': `${HEAD}message A {}\n` },
      'b.proto:3:9',
      /demo\.A is already declared at a\.proto:3:9/,
    );
  });

  it('a missing or non-proto3 syntax statement', () => {
    expectError({ 'a.proto': 'package demo;\nmessage A {}\n' }, 'a.proto:1:1', /expected `syntax = "proto3";`/);
    expectError({ 'a.proto': 'syntax = "proto2";\npackage demo;\nmessage A {}\n' }, 'a.proto:1:10', /expected "proto3", found syntax "proto2"/);
  });

  it('a map key that is not an integer, bool or string', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  map<double, string> m = 1;\n}\n` }, 'a.proto:4:7', /map key type 'double' is not allowed: expected an integer type, bool or string/);
  });

  it('client and bidirectional streaming methods (server streaming is accepted)', () => {
    expectError(
      { 'a.proto': `${HEAD}message A {}\nservice S {\n  rpc Up(stream A) returns (A);\n}\n` },
      'a.proto:5:7',
      /client streaming method Up: client and bidirectional streaming are not supported; see docs\/streaming\.md/,
    );
    expectError(
      { 'a.proto': `${HEAD}message A {}\nservice S {\n  rpc Chat(stream A) returns (stream A);\n}\n` },
      'a.proto:5:7',
      /bidirectional streaming method Chat: .*see docs\/streaming\.md \(write "rpc Chat\(A\) returns \(stream A\);"\)/,
    );
    assert.deepEqual(errorsOf({ 'a.proto': `${HEAD}message A {}\nservice S {\n  rpc Watch(A) returns (stream A);\n}\n` }), []);
  });

  it('an unknown custom option, a misplaced one, and bad values of warren options', () => {
    const opts = `${HEAD}import "warren/options.proto";\nmessage A {}\n`;
    expectError({ 'a.proto': `${opts}service S {\n  option (warren.queu) = "x";\n  rpc M(A) returns (A);\n}\n` }, 'a.proto:6:10', /unknown option \(warren\.queu\)/);
    expectError(
      { 'a.proto': `${opts}service S {\n  rpc M(A) returns (A) { option (warren.queue) = "x"; }\n}\n` },
      'a.proto:6:33',
      /extends google\.protobuf\.ServiceOptions, so it cannot be set on a method/,
    );
    expectError({ 'a.proto': `${opts}service S {\n  option (warren.queue) = "amq.x";\n  rpc M(A) returns (A);\n}\n` }, 'a.proto:6:10', /not starting with "amq\."/);
    expectError(
      { 'a.proto': `${opts}service S {\n  rpc M(A) returns (A) { option (warren.timeout_ms) = 0; }\n}\n` },
      'a.proto:6:33',
      /positive whole number of milliseconds/,
    );
  });

  it('two fields or types that get the same TypeScript name', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  int32 user_id = 1;\n  int32 userId = 2;\n}\n` }, 'a.proto:5:9', /both "userId" in TypeScript/);
    expectError(
      { 'a.proto': `${HEAD}message A_B {}\nmessage A {\n  message B {}\n}\n` },
      'a.proto:5:11',
      /generates the TypeScript name A_B, as demo\.A_B does/,
    );
  });

  it('a name declared twice in one message, which protobufjs reports without a position', () => {
    expectError({ 'a.proto': `${HEAD}message A {\n  message foo {}\n  int32 foo = 1;\n}\n` }, 'a.proto:5:9', /"foo" is declared twice in A/);
    expectError({ 'a.proto': `${HEAD}message B {\n  int32 x = 1;\n  oneof x { int32 y = 2; }\n}\n` }, 'a.proto:5:9', /"x" is declared twice in B/);
  });

  it('two enums of one scope with the same value name', () => {
    expectError(
      { 'a.proto': `${HEAD}enum Color {\n  COLOR_0 = 0;\n  RED = 1;\n}\nenum Alert {\n  ALERT_0 = 0;\n  RED = 1;\n}\n` },
      'a.proto:9:3',
      /enum value RED of demo\.Alert clashes with RED of demo\.Color.*\(ALERT_RED\)/,
    );
  });

  it('a problem in a file imported from an include path, named by its path there', () => {
    const vendor = errorsDir({ 'geo/point.proto': `${HEAD}message Point {\n  double lat = 1;\n  double lng = 1;\n}\n` });
    const errors = errorsOf({ 'a.proto': `${HEAD}import "geo/point.proto";\nmessage A { Point at = 1; }\n` }, [vendor]);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^geo\/point\.proto:5:16: duplicate field number 1 in demo\.Point/);
  });

  it('a method whose TypeScript name the client already uses', () => {
    expectError({ 'a.proto': `${HEAD}message A {}\nservice S {\n  rpc Close(A) returns (A);\n}\n` }, 'a.proto:5:7', /method Close would be "close" in TypeScript, as a member of the generated client is/);
    expectError({ 'a.proto': `${HEAD}message A {}\nservice S {\n  rpc Get(A) returns (A);\n  rpc get(A) returns (A);\n}\n` }, 'a.proto:6:7', /method get would be "get" in TypeScript, as Get is/);
  });

  it('no error for a type named like a runtime import of its module (the import is aliased: golden proto-runtime-names)', () => {
    assert.deepEqual(errorsOf({ 'a.proto': `${HEAD}message Server {}\nservice S {\n  rpc Get(Server) returns (Server);\n}\n` }), []);
    assert.deepEqual(
      errorsOf({ 'a.proto': `${HEAD}import "google/protobuf/duration.proto";\nmessage Duration {}\nmessage A { google.protobuf.Duration d = 1; }\n` }),
      [],
    );
  });

  it('a type named like a JavaScript global the generated code uses', () => {
    expectError({ 'a.proto': `${HEAD}message Error {}\n` }, 'a.proto:3:9', /demo\.Error would be generated as Error, hiding JavaScript's own Error .*ErrorInfo/);
    expectError({ 'a.proto': `${HEAD}message A {}\nmessage Promise {}\n` }, 'a.proto:4:9', /demo\.Promise would be generated as Promise/);
  });

  it('every problem of a run at once', () => {
    const errors = errorsOf({
      'a.proto': `${HEAD}message A {\n  int32 x = 1;\n  int32 y = 1;\n}\n`,
      'b.proto': `${HEAD}enum E {\n  E_ONE = 1;\n}\n`,
    });
    assert.equal(errors.length, 2, errors.join('\n'));
  });
});
