import {
  AnyFns,
  DurationFns,
  EmptyFns,
  FieldMaskFns,
  Int64ValueFns,
  ListValueFns,
  protobufCodec,
  StringValueFns,
  StructFns,
  TimestampFns,
  ValueFns,
  type ProtoMessageFns,
} from '@warren/runtime/codegen';

/**
 * Messages of jsonfmt.v1.Everything (everything.proto) in their TypeScript form, for the
 * json_format interop test: edge values of every scalar, every map key kind, presence,
 * oneofs, json_name, and every well-known type (Any holding messages and well-known types).
 * `Types` are the message types (generated, or built from the contract by `warren call`).
 */
export interface Types {
  Everything: MessageType;
  Inner: MessageType;
}

/** What the samples need of a message type. */
export interface MessageType {
  create(init?: Record<string, unknown>): Record<string, unknown>;
  toBinary(message: never): Uint8Array;
}

const bytes = (...b: number[]) => new Uint8Array(b);
const any = (typeName: string, value: Uint8Array) => ({ typeUrl: `type.googleapis.com/${typeName}`, value });
/** An Any holding a well-known type's value. */
const wk = <T>(typeName: string, fns: ProtoMessageFns<T>, value: T) => any(typeName, new Uint8Array(protobufCodec(fns).encode(value)));

/** Samples by name. */
export function everythingSamples({ Everything, Inner }: Types): Record<string, Record<string, unknown>> {
  const inner = Inner.create({ name: 'inner', count: -5n, child: Inner.create({ name: 'grandchild', count: 9007199254740993n }) });
  const innerBytes = Inner.toBinary(inner as never);
  return {
    empty: Everything.create(),
    full: Everything.create({
      fDouble: 0.1, fFloat: Math.fround(0.1), fInt32: -2147483648, fInt64: -9223372036854775808n, fUint32: 4294967295,
      fUint64: 18446744073709551615n, fSint32: -1, fSint64: 9223372036854775807n, fFixed32: 7, fFixed64: 9007199254740993n,
      fSfixed32: -7, fSfixed64: -9007199254740993n, fBool: true, fString: 'héllo "wörld" \u0000\u001f\u2028 😀',
      fBytes: bytes(0, 1, 2, 250, 251, 255), color: 2, inner,
      rDouble: [1.5, -2.25e-300, 1.7976931348623157e308, 5e-324], rFloat: [Math.fround(0.1), Math.fround(3.4e38), Math.fround(1e-45)],
      rInt64: [0n, -1n, 123n], rUint64: [18446744073709551615n], rSint32: [-3, 3], rFixed64: [1n], rBool: [true, false],
      rString: ['', 'a'], rBytes: [bytes(), bytes(255)], rColor: [0, 1, 2, 77], rInner: [Inner.create(), inner], rUnpacked: [1, -1, 0],
      mString: { a: 'b', '': 'empty key', ['__proto__']: 'proto' },
      mInt32: { '-1': inner, '7': Inner.create() }, mInt64: { '-9223372036854775808': 'min' }, mUint32: { '4294967295': true },
      mUint64: { '18446744073709551615': 2.5 }, mSint64: { '-2': bytes(1, 2) }, mFixed32: { '0': 1 },
      mSfixed64: { '5': -5n }, mBool: { true: 'yes', false: 'no' }, mValue: { v: { list: [1, 'two', null, true] }, n: null },
      mTimestamp: { epoch: new Date(0) },
      oInt32: -1, oString: 'set', oColor: 1, oDouble: 2.5, choice: { $case: 'cInner', value: inner },
      custom: 'json_name', fieldWith1: 1,
      wTimestamp: new Date('2024-05-01T12:00:00.250Z'), wDuration: { seconds: -1n, nanos: -500_000_000 }, wEmpty: {},
      wStruct: { a: 1, nested: { deep: [1.5, { x: false }] }, ['__proto__']: { kept: true } }, wValue: 'a string value',
      wList: [1, 'x', null, [], {}], wAny: any('jsonfmt.v1.Inner', innerBytes), wMask: ['f_double', 'inner.child.name', 'm_int32'],
      wDouble: 1e-7, wFloat: Math.fround(1.1), wInt64: -1n, wUint64: 18446744073709551615n, wInt32: -1, wUint32: 1,
      wBool: true, wString: 'wrapped', wBytes: bytes(1),
      rTimestamp: [new Date('0001-01-01T00:00:00Z'), new Date('9999-12-31T23:59:59.999Z')],
    }),
    presentDefaults: Everything.create({
      oInt32: 0, oString: '', oColor: 0, oDouble: 0, choice: { $case: 'cNumber', value: 0n }, wInt64: 0n, wString: '',
      wBool: false, wBytes: bytes(), wDouble: 0, wValue: null, wStruct: {}, wList: [], wDuration: { seconds: 0n, nanos: 0 },
      wMask: [], wAny: { typeUrl: '', value: bytes() }, inner: Inner.create(),
    }),
    specialFloats: Everything.create({
      fDouble: Number.NaN, fFloat: Number.POSITIVE_INFINITY, rDouble: [-0, Number.NEGATIVE_INFINITY, Number.NaN],
      rFloat: [-0, Number.NaN, Math.fround(16777217)], wFloat: -0, wDouble: Number.NaN, oDouble: -0, mUint64: { '1': -0 },
    }),
    negativeZero: Everything.create({ fDouble: -0, fFloat: -0 }),
    anyOfWellKnownTypes: Everything.create({
      rAny: [
        wk('google.protobuf.Timestamp', TimestampFns, new Date(1500)),
        wk('google.protobuf.Duration', DurationFns, { seconds: 3n, nanos: 1000 }),
        wk('google.protobuf.Int64Value', Int64ValueFns, -1n),
        wk('google.protobuf.StringValue', StringValueFns, 'x'),
        wk('google.protobuf.Empty', EmptyFns, {}),
        wk('google.protobuf.FieldMask', FieldMaskFns, ['a_b.c']),
        wk('google.protobuf.Struct', StructFns, { k: true }),
        wk('google.protobuf.Value', ValueFns, 'v'),
        wk('google.protobuf.ListValue', ListValueFns, [true]),
        wk('google.protobuf.Any', AnyFns, any('jsonfmt.v1.Inner', innerBytes)),
        any('jsonfmt.v1.Everything', Everything.toBinary(Everything.create({ color: 1, wAny: any('jsonfmt.v1.Inner', innerBytes) }) as never)),
      ],
    }),
    oneofTimestamp: Everything.create({ choice: { $case: 'cAt', value: new Date('1969-12-31T23:59:59.999Z') } }),
    oneofText: Everything.create({ choice: { $case: 'cText', value: '' } }),
    durations: Everything.create({ wDuration: { seconds: 0n, nanos: -1 } }),
    longDuration: Everything.create({ wDuration: { seconds: 315576000000n, nanos: 999_999_999 } }),
    unknownEnumNumbers: Everything.create({ color: -3, oColor: 99, mFixed32: { '1': 42 } }),
  };
}

/** JSON that both sides must read the same way, though warren does not write it like that. */
export const ACCEPTED_INPUTS: Record<string, unknown> = {
  protoNames: { f_int64: 5, f_uint32: '7', custom: 'by proto name', field_with_1: 2, o_color: 'COLOR_RED' },
  numbersAsStrings: { fInt32: '-12', fDouble: '1.5', fFloat: '-2.5', fInt64: 12, rUint64: [1, '2'] },
  base64Url: { fBytes: '-_8', rBytes: ['AAE', 'AA=='] },
  enumNumbers: { color: 1, rColor: [2, 'COLOR_RED', 5], oColor: 0 },
  nullIsDefault: { fInt32: null, inner: null, wInt32: null, rInt64: null, mString: null, wValue: null, cText: null },
  bigAndSmall: { fDouble: 1e300, fFloat: 1.25e-3, wDouble: -5e-324 },
  timestampOffsets: { wTimestamp: '2024-05-01T14:00:00.5+02:00', cAt: '1970-01-01T00:00:00.000000000Z' },
  anyWithFields: { wAny: { name: 'x', '@type': 'type.googleapis.com/jsonfmt.v1.Inner', count: '3' } },
  floatStrings: { fFloat: 'Infinity', fDouble: '-Infinity', rFloat: ['NaN', 1] },
};

/** JSON both sides must refuse. */
export const REFUSED_INPUTS: Record<string, unknown> = {
  unknownField: { noSuchField: 1 },
  twoOneofMembers: { cText: 'a', cNumber: '1' },
  int32TooBig: { fInt32: 2147483648 },
  uint64Negative: { fUint64: '-1' },
  fractionalInt: { fInt64: 1.5 },
  badEnum: { color: 'COLOR_PURPLE' },
  badTimestamp: { wTimestamp: 'yesterday' },
  badDuration: { wDuration: '5m' },
  badMask: { wMask: 'a_b' },
  floatOutOfRange: { fFloat: 1e39 },
  stringForBool: { fBool: 'true' },
  nullInList: { rInt64: [null] },
  anyUnknownType: { wAny: { '@type': 'type.googleapis.com/no.such.Type' } },
};
