import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '@warren/runtime';
import { protoMessage, type ProtoMessage } from '@warren/runtime/codegen';
import * as money from '../../generated/common/v1/money.js';
import * as catalog from '../../generated/shop/v1/catalog.js';
import * as orders from '../../generated/shop/v1/orders.js';

// The runtime's ProtoJSON mapping on a hand-written descriptor (as generated code writes
// one): what Python's json_format cannot show (warren's own errors, options, limits and the
// TypeScript forms). test/interop/json-format.test.ts holds it to Python's output.

enum Kind {
  KIND_UNSPECIFIED = 0,
  KIND_A = 1,
}

interface Node {
  name: string;
  child?: Node | undefined;
}
const Node: ProtoMessage<Node> = protoMessage<Node>({
  typeName: 'mapping.v1.Node',
  fields: [
    { no: 1, name: 'name', type: 'string' },
    { no: 2, name: 'child', type: { message: () => Node }, optional: true },
  ],
});

interface Sample {
  count: bigint;
  ratio: number;
  small: number;
  raw: Uint8Array;
  kind: Kind;
  kinds: Kind[];
  labels: Record<string, string>;
  byId: Record<number, Node>;
  renamed: string;
  maybe?: number | undefined;
  node?: Node | undefined;
  meta?: Record<string, unknown> | undefined;
  choice?: { $case: 'text'; value: string } | { $case: 'at'; value: Date } | undefined;
}
const Sample: ProtoMessage<Sample> = protoMessage<Sample>({
  typeName: 'mapping.v1.Sample',
  fields: [
    { no: 1, name: 'count', type: 'int64' },
    { no: 2, name: 'ratio', type: 'double' },
    { no: 3, name: 'small', type: 'float' },
    { no: 4, name: 'raw', type: 'bytes' },
    { no: 5, name: 'kind', type: { enum: 'mapping.v1.Kind', values: () => Kind } },
    { no: 6, name: 'kinds', type: { list: { enum: 'mapping.v1.Kind', values: () => Kind } } },
    { no: 7, name: 'labels', type: { map: 'string', value: 'string' } },
    { no: 8, name: 'by_id', localName: 'byId', type: { map: 'int32', value: { message: () => Node } } },
    { no: 9, name: 'snake_name', localName: 'renamed', jsonName: 'custom', type: 'string' },
    { no: 10, name: 'maybe', type: 'int32', optional: true },
    { no: 11, name: 'node', type: { message: () => Node } },
    { no: 12, name: 'meta', type: { wellKnown: 'google.protobuf.Struct' } },
    { no: 13, name: 'text', type: 'string', oneof: 'choice' },
    { no: 14, name: 'at', type: { wellKnown: 'google.protobuf.Timestamp' }, oneof: 'choice' },
  ],
});

describe('ProtoJSON mapping of the runtime', () => {
  it('create fills proto3 defaults and leaves messages, optionals and oneofs absent', () => {
    const s = Sample.create();
    assert.deepStrictEqual(s, { count: 0n, ratio: 0, small: 0, raw: new Uint8Array(0), kind: 0, kinds: [], labels: {}, byId: {}, renamed: '' });
    assert.equal(Sample.create({ count: 5n }).count, 5n);
    const kinds = [Kind.KIND_A];
    assert.notEqual(Sample.create({ kinds }).kinds, kinds, 'lists are copied');
    assert.notEqual(Sample.create().raw, Sample.create().raw, 'each message has its own empty bytes');
  });

  it("generated create() is the message the generated decoder reads from no bytes, for every shop message", () => {
    const exported: unknown[] = Object.values({ ...money, ...catalog, ...orders });
    const types = exported.filter((v): v is ProtoMessage<object> => typeof v === 'object' && v !== null && 'create' in v);
    assert.ok(types.length >= 10, `found ${types.length} message types`);
    for (const type of types) assert.deepStrictEqual(type.create(), type.fromBinary(new Uint8Array(0)), type.typeName);
  });

  it('toBinary and fromBinary are one call each, and round-trip', () => {
    const s = Sample.create({ count: -3n, byId: { 7: { name: 'seven' } }, choice: { $case: 'text', value: '' }, maybe: 0 });
    assert.deepStrictEqual(Sample.fromBinary(Sample.toBinary(s)), s);
  });

  it('writes defaults never, presence fields always, -0 and float precision faithfully', () => {
    assert.equal(Sample.toJsonString(Sample.create()), '{}');
    const s = Sample.create({ ratio: -0, small: Math.fround(0.1), maybe: 0, choice: { $case: 'text', value: '' } });
    assert.equal(Sample.toJsonString(s), '{"ratio":-0,"small":0.1,"maybe":0,"text":""}');
    assert.equal(Sample.toJsonString(Sample.create({ small: Math.fround(16777217) })), '{"small":16777216}');
    assert.equal(Sample.toJsonString(Sample.create({ count: 1n }), { indent: 2 }), '{\n  "count": "1"\n}');
  });

  it('honours json_name and reads the .proto name too', () => {
    assert.deepStrictEqual(Sample.toJson(Sample.create({ renamed: 'x' })), { custom: 'x' });
    assert.equal(Sample.fromJson({ snake_name: 'y' }).renamed, 'y');
  });

  it('keeps __proto__ keys of maps and Structs as entries, both ways', () => {
    const s = Sample.fromJsonString('{"labels":{"__proto__":"p"},"meta":{"__proto__":{"x":1}}}');
    assert.deepStrictEqual(Object.keys(s.labels), ['__proto__']);
    assert.equal(Object.getPrototypeOf(s.labels), Object.prototype);
    assert.deepStrictEqual(Object.keys(s.meta!), ['__proto__']);
    assert.equal(Sample.toJsonString(s), '{"labels":{"__proto__":"p"},"meta":{"__proto__":{"x":1}}}');
    assert.deepStrictEqual(Sample.fromBinary(Sample.toBinary(s)), s);
  });

  it('names the path of what does not fit, says what was expected and echoes the input', () => {
    const cases: [unknown, RegExp][] = [
      [{ nope: 1 }, /^nope: mapping\.v1\.Sample has no field "nope"; expected one of: count, ratio, small/],
      [{ count: 1.5 }, /^count: expected an integer \(int64; a string such as "-12" keeps every digit\), got 1\.5$/],
      [{ count: '9223372036854775808' }, /^count: 9223372036854775808 is out of range for int64/],
      [{ byId: { x: {} } }, /^byId\["x"\]: expected an integer \(int32\), got "x"$/],
      [{ byId: { 1: { child: { child: { nam: 'typo' } } } } }, /^byId\["1"\]\.child\.child\.nam: mapping\.v1\.Node has no field "nam"/],
      [{ kinds: ['KIND_A', 'KIND_Z'] }, /^kinds\[1\]: expected one of KIND_UNSPECIFIED, KIND_A \(mapping\.v1\.Kind\), or its number, got "KIND_Z"$/],
      [{ raw: 'ab$' }, /^raw: expected base64 bytes, for example "aGVsbG8=", got "ab\$"$/],
      [{ text: 'a', at: '2024-01-01T00:00:00Z' }, /^at: "text" and "at" are both set, but oneof choice takes at most one$/],
      [{ at: '2024-02-30T00:00:00Z' }, /^at: expected a valid RFC 3339 timestamp/],
      [{ small: 1e39 }, /^small: 1e\+39 is out of range for float/],
      [{ meta: [1] }, /^meta: expected a JSON object \(google\.protobuf\.Struct\), got array$/],
      ['{}', /^expected a JSON object for mapping\.v1\.Sample, got "\{\}"$/],
      // Python's json_format 4.21 takes the later one; protoc's C++ parser and protobuf-es refuse.
      [{ custom: 'a', snake_name: 'b' }, /^snake_name: the field is given twice, as "custom" and as "snake_name"$/],
    ];
    for (const [json, message] of cases) {
      assert.throws(() => Sample.fromJson(json), (err: unknown) => err instanceof DecodeError && message.test(err.message), JSON.stringify(json));
    }
  });

  it('ignoreUnknownFields skips unknown fields and enum names', () => {
    const s = Sample.fromJson({ nope: 1, kind: 'KIND_NEW', kinds: ['KIND_NEW', 'KIND_A'], count: '2' }, { ignoreUnknownFields: true });
    assert.deepStrictEqual([s.count, s.kind, s.kinds], [2n, 0, [Kind.KIND_A]]);
  });

  it('refuses nesting deeper than maxDepth both ways, instead of overflowing the stack', () => {
    let deep: Node = { name: 'leaf' };
    for (let i = 0; i < 150; i++) deep = { name: String(i), child: deep };
    assert.throws(() => Node.toJson(deep), /nested deeper than the limit of 100 levels/);
    const json = JSON.parse(JSON.stringify(deep)) as unknown;
    assert.throws(() => Node.fromJson(json), /nested deeper than the limit of 100 levels/);
    assert.equal((Node.fromJson(json, { maxDepth: 200 }) as Node).name, '149');
  });

  it('refuses values with no JSON form on the way out, naming the field', () => {
    assert.throws(() => Sample.toJson(Sample.create({ meta: { n: Number.NaN } })), /meta\["n"\]: NaN has no JSON form/);
    assert.throws(() => Sample.toJson(Sample.create({ choice: { $case: 'at', value: new Date(Number.NaN) } })), /: at: expected a Date from/);
  });
});
