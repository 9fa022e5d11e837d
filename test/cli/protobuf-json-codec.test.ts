import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadProtoRoot } from '@warren/codegen';
import { protobufCodec } from '@warren/runtime';
import { CalculateRequest, EvaluateRequest, EvaluateRequest_Operation } from '../../generated/calculator.js';
import { protobufJsonCodec } from '../../packages/cli/src/commands/call/protobuf-json-codec.js';
import { REPO } from './support/run-warren.js';

const RICH = `syntax = "proto3";
package rich.v1;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/empty.proto";
enum Kind { KIND_UNSPECIFIED = 0; KIND_A = 1; KIND_B = 2; }
message Inner { string name = 1; }
message Rich {
  int32 i32 = 1; uint32 u32 = 2; sint32 s32 = 3; fixed32 f32 = 4; sfixed32 sf32 = 5;
  int64 i64 = 6; uint64 u64 = 7; sint64 s64 = 8; fixed64 f64 = 9; sfixed64 sf64 = 10;
  double d = 11; float f = 12; bool b = 13; string s = 14; bytes raw = 15;
  Kind kind = 16; repeated Kind kinds = 17;
  Inner inner = 18; repeated Inner inners = 19;
  map<string, int64> counts = 20; map<int64, string> names = 21;
  oneof choice { string text = 22; Inner nested = 23; }
  optional int32 maybe = 24;
  google.protobuf.Timestamp at = 25; google.protobuf.Duration took = 26;
  google.protobuf.Int64Value big = 27; google.protobuf.StringValue label = 28;
  google.protobuf.Struct meta = 29; google.protobuf.Empty nothing = 30;
  string snake_case_name = 31;
}
`;

describe('the dynamic proto3-JSON codec of warren call', () => {
  const root = loadProtoRoot(path.join(REPO, 'contracts'), ['calculator.proto']).root;

  it('encodes the same bytes as the generated codec', () => {
    const dyn = protobufJsonCodec(root, 'calculator.v1.CalculateRequest');
    const gen = protobufCodec(CalculateRequest);
    for (const n of [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      assert.deepEqual(Buffer.from(dyn.encode({ n: String(n) })), Buffer.from(gen.encode({ n })), `n = ${n}`);
      assert.deepEqual(dyn.decode(gen.encode({ n })), { n: String(n) });
    }
    const evalDyn = protobufJsonCodec(root, 'calculator.v1.EvaluateRequest');
    const evalGen = protobufCodec(EvaluateRequest);
    const typed = { operation: EvaluateRequest_Operation.OPERATION_DIVIDE, operands: [{ value: 1.5, label: 'x' }, { value: -2, label: '' }] };
    const json = { operation: 'OPERATION_DIVIDE', operands: [{ value: 1.5, label: 'x' }, { value: -2 }] };
    assert.deepEqual(Buffer.from(evalDyn.encode(json)), Buffer.from(evalGen.encode(typed)));
    assert.deepEqual(evalGen.decode(evalDyn.encode(json)), typed);
  });

  describe('on a contract with every kind of field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warren-codec-'));
    writeFileSync(path.join(dir, 'rich.proto'), RICH);
    after(() => rmSync(dir, { recursive: true, force: true }));
    const codec = protobufJsonCodec(loadProtoRoot(dir, ['rich.proto']).root, 'rich.v1.Rich');

    it('round-trips proto3 JSON: 64-bit as strings, bytes as base64, enums by name, well-known types', () => {
      const input = {
        i32: -7, u32: 4294967295, s32: -2147483648, f32: 7, sf32: -7,
        i64: '-9223372036854775808', u64: '18446744073709551615', s64: '-3', f64: '5', sf64: '-9007199254740993',
        d: 0.1, f: 1.5, b: true, s: 'héllo', raw: 'AAEC/w==',
        kind: 'KIND_B', kinds: ['KIND_A', 'KIND_B'],
        inner: { name: 'in' }, inners: [{ name: 'a' }, { name: '' }],
        counts: { x: '9007199254740993' }, names: { '-5': 'minus five', '12345678': 'eight digits' },
        nested: { name: 'chosen' }, maybe: 0,
        at: '2024-05-01T12:00:00.250Z', took: '-1.500s', big: '-9007199254740993', label: 'wrapped',
        meta: { a: [1, 'two', null, { b: false }] }, nothing: {},
        snakeCaseName: 'camel',
      };
      const output = codec.decode(codec.encode(input));
      assert.deepEqual(output, { ...input, inners: [{ name: 'a' }, { name: '' }] });
    });

    it('prints defaults of plain fields and omits unset messages, oneofs and optionals', () => {
      const output = codec.decode(codec.encode({})) as Record<string, unknown>;
      assert.equal(output['i64'], '0');
      assert.equal(output['kind'], 'KIND_UNSPECIFIED');
      assert.equal(output['raw'], '');
      for (const absent of ['inner', 'text', 'nested', 'maybe', 'at', 'big']) assert.ok(!(absent in output), absent);
    });

    it('accepts field names as written in the contract too', () => {
      assert.deepEqual((codec.decode(codec.encode({ snake_case_name: 'x' })) as Record<string, unknown>)['snakeCaseName'], 'x');
    });

    it('rejects what the message cannot hold, naming the field', () => {
      const bad: [unknown, RegExp][] = [
        [{ i32: 2147483648 }, /^i32: 2147483648 is out of range for int32/],
        [{ u64: '-1' }, /^u64: -1 is out of range for uint64/],
        [{ i64: 1.5 }, /^i64: expected an integer \(int64, as a string to keep precision\), got 1\.5/],
        [{ text: 'a', nested: {} }, /^nested: "text" and "nested" are both set, but oneof choice takes at most one/],
        [{ raw: 'not base64!' }, /^raw: expected base64 bytes/],
        [{ kind: 'KIND_C' }, /^kind: expected one of KIND_UNSPECIFIED, KIND_A, KIND_B/],
        [{ inners: [{ name: 1 }] }, /^inners\[0\]\.name: expected a string, got 1/],
        [{ at: 'yesterday' }, /^at: expected an RFC 3339 timestamp/],
        [{ took: '5m' }, /^took: expected a duration in seconds, for example "1\.5s"/],
        [{ names: { abc: 'x' } }, /^names\["abc"\]: expected an integer \(int64/],
        [{ nope: 1 }, /^nope: rich\.v1\.Rich has no field "nope"; expected one of: i32, u32/],
        [[1], /^expected a JSON object for rich\.v1\.Rich, got \[1\]/],
      ];
      for (const [json, message] of bad) {
        assert.throws(() => codec.encode(json), (err: Error) => message.test(err.message), JSON.stringify(json));
      }
    });
  });
});
