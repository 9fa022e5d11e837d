import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError, type Codec } from '@warren/runtime';
import { jsonCodec, safeJsonParse } from '@warren/runtime/codegen';
import { Arrays } from './golden/ts-arrays/expected/arrays.js';
import { Drawing, Shape } from './golden/ts-discriminated-union/expected/shapes.js';
import { Level, Status, Task } from './golden/ts-enums/expected/enums.js';
import { Literals } from './golden/ts-literal-unions/expected/literals.js';
import { Optionals } from './golden/ts-optional-nullable/expected/optional.js';
import { Records } from './golden/ts-record/expected/record.js';
import { TreeNode } from './golden/ts-recursive/expected/tree.js';
import { Scalars } from './golden/ts-scalars/expected/scalars.js';

// The generated JSON codecs of the golden cases, run: round trips, the JSON encoding of each
// type, and the error path of every kind of mismatch, on decode and on encode.

const utf8 = new TextEncoder();
const text = new TextDecoder();
const wire = <T>(codec: Codec<T>, value: T): unknown => JSON.parse(text.decode(codec.encode(value)));
const fromText = <T>(codec: Codec<T>, json: string): T => codec.decode(utf8.encode(json));

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DecodeError, String(err));
    assert.equal(err.message, message);
    return true;
  });
}

describe('generated JSON codecs', () => {
  const scalars = jsonCodec(Scalars);
  const sample: Scalars = {
    text: 'hé "x"',
    amount: 1.5,
    enabled: true,
    big: 2n ** 64n + 1n,
    at: new Date('2024-05-01T12:00:00.123Z'),
    blob: new Uint8Array([0, 255, 7]),
  };

  it('encodes bigint as a decimal string, Date as ISO-8601, Uint8Array as base64', () => {
    assert.deepEqual(wire(scalars, sample), {
      text: 'hé "x"',
      amount: 1.5,
      enabled: true,
      big: '18446744073709551617',
      at: '2024-05-01T12:00:00.123Z',
      blob: 'AP8H',
    });
    assert.deepEqual(scalars.decode(scalars.encode(sample)), sample);
  });

  it('round-trips any scalar values', () => {
    fc.assert(
      fc.property(
        fc.record({
          text: fc.string({ unit: 'binary' }),
          amount: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
          enabled: fc.boolean(),
          big: fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
          at: fc.date({ noInvalidDate: true, min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z') }),
          blob: fc.uint8Array({ maxLength: 64 }),
        }),
        (value) => assert.deepEqual(scalars.decode(scalars.encode(value)), { ...value }),
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a safe integer JSON number for a bigint, and nothing looser', () => {
    const base = wire(scalars, sample) as Record<string, unknown>;
    assert.equal(fromText(scalars, JSON.stringify({ ...base, big: 42 })).big, 42n);
    rejects(() => fromText(scalars, JSON.stringify({ ...base, big: '1.5' })), 'big: expected bigint as a decimal string of at most 1000 digits, got "1.5"');
    rejects(() => fromText(scalars, JSON.stringify({ ...base, big: 2 ** 60 })), 'big: expected bigint as a decimal string, got number');
    rejects(() => fromText(scalars, JSON.stringify({ ...base, big: '9'.repeat(1001) })), `big: expected bigint as a decimal string of at most 1000 digits, got "${'9'.repeat(36)}...`);
    rejects(() => fromText(scalars, JSON.stringify({ ...base, at: '2024-05-01' })), 'at: expected an RFC 3339 date-time string like "2024-05-01T12:00:00.000Z", got "2024-05-01"');
    rejects(() => fromText(scalars, JSON.stringify({ ...base, blob: 'not base64!' })), 'blob: expected Uint8Array as base64, got "not base64!"');
    rejects(() => fromText(scalars, JSON.stringify({ ...base, amount: '1' })), 'amount: expected number, got string');
    rejects(() => fromText(scalars, JSON.stringify({ ...base, amount: 1e400 }).replace('null', '1e400')), 'amount: expected finite number, got "Infinity"');
  });

  it('validates on encode too: NaN, an invalid Date, a wrong type', () => {
    rejects(() => scalars.encode({ ...sample, amount: NaN }), 'amount: expected finite number, got "NaN"');
    rejects(() => scalars.encode({ ...sample, at: new Date('nope') }), 'at: expected a valid Date, got Invalid Date');
    rejects(() => scalars.encode({ ...sample, big: 1 as unknown as bigint }), 'big: expected bigint, got number');
    rejects(() => scalars.encode({ ...sample, text: undefined as unknown as string }), 'text: expected string, got undefined');
  });

  it('names the bad element of an array: items[3].price', () => {
    const arrays = jsonCodec(Arrays);
    const value: Arrays = {
      names: ['a'],
      frozen: [1],
      generic: [true],
      readonlyGeneric: [1n],
      items: [{ price: 1 }, { price: 2 }, { price: 3 }, { price: 4 }],
      matrix: [[1, 2], [3]],
      stamps: [new Date(0)],
    };
    assert.deepEqual(arrays.decode(arrays.encode(value)), value);
    const json = wire(arrays, value) as { items: { price: unknown }[]; matrix: unknown[][] };
    json.items[3]!.price = '4';
    rejects(() => fromText(arrays, JSON.stringify(json)), 'items[3].price: expected number, got string');
    json.items[3]!.price = 4;
    json.matrix[1]![0] = null;
    rejects(() => fromText(arrays, JSON.stringify(json)), 'matrix[1][0]: expected number, got null');
    rejects(() => arrays.encode({ ...value, items: [{ price: 1 }, { price: '2' as unknown as number }] }), 'items[1].price: expected number, got string');
  });

  it('treats optional and nullable fields as written: absent, null, or a value', () => {
    const optionals = jsonCodec(Optionals);
    const minimal: Optionals = { nullable: null, nullableList: [1, null], listOrNull: null };
    assert.deepEqual(wire(optionals, minimal), { nullable: null, nullableList: [1, null], listOrNull: null });
    assert.deepEqual(optionals.decode(optionals.encode(minimal)), minimal);
    const full: Optionals = { maybe: 'm', maybeUndefined: 2, nullable: 'n', both: { value: 'v' }, nullableList: [], listOrNull: ['x'] };
    assert.deepEqual(optionals.decode(optionals.encode(full)), full);
    assert.deepEqual(optionals.decode(optionals.encode({ ...minimal, both: null })), { ...minimal, both: null });
    rejects(() => fromText(optionals, '{"nullableList":[],"listOrNull":null}'), 'nullable: expected string, got undefined');
    rejects(() => fromText(optionals, '{"maybe":null,"nullable":null,"nullableList":[],"listOrNull":null}'), 'maybe: expected string, got null');
  });

  it('accepts exactly the literals of a literal union', () => {
    const literals = jsonCodec(Literals);
    const value: Literals = { color: 'green', size: 2, always: true, version: 'v1', mode: null, negative: -1 };
    assert.deepEqual(literals.decode(literals.encode(value)), value);
    rejects(() => fromText(literals, JSON.stringify({ ...value, color: 'pink' })), 'color: expected "red" | "green" | "blue", got "pink"');
    rejects(() => fromText(literals, JSON.stringify({ ...value, size: 4 })), 'size: expected 1 | 2 | 3, got 4');
    rejects(() => fromText(literals, JSON.stringify({ ...value, always: false })), 'always: expected true, got false');
  });

  it('sends string enums as strings and numeric enums as numbers, and checks membership', () => {
    const tasks = jsonCodec(Task);
    const value: Task = { status: Status.Done, level: Level.High, history: [Status.Pending, Status.Done] };
    assert.deepEqual(wire(tasks, value), { status: 'done', level: 6, history: ['pending', 'done'] });
    assert.deepEqual(tasks.decode(tasks.encode(value)), value);
    rejects(() => fromText(tasks, '{"status":"done","level":1,"history":[]}'), 'level: expected Level (0 | 5 | 6), got 1');
    rejects(() => fromText(tasks, '{"status":"done","level":0,"history":["pending","lost"]}'), 'history[1]: expected Status ("pending" | "done"), got "lost"');
  });

  it('decodes a discriminated union by its tag and names a bad tag', () => {
    const drawings = jsonCodec(Drawing);
    const value: Drawing = {
      shapes: [{ kind: 'circle', radius: 1 }, { kind: 'square', side: 2 }],
      main: null,
      inline: { kind: 'square', side: 3 },
      last: { type: 'deleted', reason: null },
    };
    assert.deepEqual(drawings.decode(drawings.encode(value)), value);
    const json = wire(drawings, value) as { shapes: Record<string, unknown>[] };
    json.shapes[1]!.kind = 'triangle';
    rejects(() => fromText(drawings, JSON.stringify(json)), 'shapes[1].kind: expected "circle" | "square", got "triangle"');
    json.shapes[1]!.kind = 'circle';
    rejects(() => fromText(drawings, JSON.stringify(json)), 'shapes[1].radius: expected number, got undefined');
    assert.deepEqual(jsonCodec(Shape).decode(utf8.encode('{"kind":"circle","radius":2}')), { kind: 'circle', radius: 2 });
  });

  it('recurses through recursive types', () => {
    const trees = jsonCodec(TreeNode);
    const deep: TreeNode = { label: 'root', children: [{ label: 'a', children: [{ label: 'b', children: [] }], parent: null }] };
    assert.deepEqual(trees.decode(trees.encode(deep)), deep);
    rejects(
      () => fromText(trees, '{"label":"r","children":[{"label":"a","children":[{"label":7,"children":[]}]}]}'),
      'children[0].children[0].label: expected string, got number',
    );
  });

  it('round-trips any tree and any drawing (recursion, unions, nullables)', () => {
    const trees = jsonCodec(TreeNode);
    const { tree } = fc.letrec<{ tree: TreeNode }>((tie) => ({
      tree: fc.record(
        {
          label: fc.string(),
          children: fc.oneof({ depthSize: 'small' }, fc.constant<TreeNode[]>([]), fc.array(tie('tree'), { maxLength: 3 })),
          parent: fc.constant(null),
        },
        { requiredKeys: ['label', 'children'] },
      ),
    }));
    fc.assert(fc.property(tree, (t) => assert.deepEqual(trees.decode(trees.encode(t)), JSON.parse(JSON.stringify(t)))), {
      numRuns: 100,
    });
    const drawings = jsonCodec(Drawing);
    const shape = fc.oneof(
      fc.record({ kind: fc.constant('circle' as const), radius: fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }) }),
      fc.record({ kind: fc.constant('square' as const), side: fc.integer() }),
    );
    const drawing = fc.record({ shapes: fc.array(shape, { maxLength: 5 }), main: fc.option(shape, { nil: null }), inline: shape });
    fc.assert(fc.property(drawing, (d) => assert.deepEqual(drawings.decode(drawings.encode(d)), JSON.parse(JSON.stringify(d)))), {
      numRuns: 100,
    });
  });

  it('names the bad entry of a Record', () => {
    const records = jsonCodec(Records);
    const value: Records = {
      counts: { a: 1 },
      prices: { EUR: { cents: 5n } },
      tags: { x: ['y'] },
      indexed: { 'with space': true },
      nested: { a: { b: new Date(5) } },
    };
    assert.deepEqual(records.decode(records.encode(value)), value);
    const json = wire(records, value) as { prices: Record<string, { cents: unknown }>; indexed: Record<string, unknown> };
    json.prices.EUR!.cents = 5;
    json.indexed['with space'] = 'yes';
    rejects(() => fromText(records, JSON.stringify(json)), 'indexed["with space"]: expected boolean, got string');
  });

  it('drops unknown properties on decode and on encode', () => {
    const literals = jsonCodec(Literals);
    const value = { color: 'red', size: 1, always: true, version: 'v1', mode: 'on', negative: 0 } as const;
    assert.deepEqual(fromText(literals, JSON.stringify({ ...value, secret: 'x' })), value);
    assert.deepEqual(wire(literals, { ...value, secret: 'x' } as Literals), value);
  });

  it('rejects bodies that are not JSON or not UTF-8, and non-objects', () => {
    const literals = jsonCodec(Literals);
    rejects(() => fromText(literals, '{"color":'), `body is not valid JSON: ${jsonError('{"color":')}`);
    rejects(() => literals.decode(new Uint8Array([0x7b, 0xff, 0x7d])), 'body is not valid UTF-8');
    rejects(() => fromText(literals, '[1]'), 'expected object, got array');
  });
});

describe('safe JSON parsing', () => {
  it('keeps __proto__, constructor and prototype keys as own data, at every depth, escaped or not', () => {
    const parsed = safeJsonParse(
      '{"a":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}},"\\u005f_proto__":{"polluted":1},"b":[{"prototype":1}]}',
    ) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(parsed), ['a', '__proto__', 'b']);
    assert.deepEqual(Object.keys(parsed.a!), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(Object.getPrototypeOf(parsed.a), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(parsed.a, '__proto__')?.value, { polluted: 1 });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('cannot pollute through a Record field', () => {
    const records = jsonCodec(Records);
    const decoded = fromText(
      records,
      '{"counts":{"__proto__":1,"ok":2},"prices":{"__proto__":{"cents":"1"}},"tags":{},"indexed":{},"nested":{}}',
    );
    // Kept as an own entry (issue 17), never as the record's prototype.
    assert.deepEqual(Object.entries(decoded.counts), [['__proto__', 1], ['ok', 2]]);
    assert.equal(Object.getPrototypeOf(decoded.counts), Object.prototype);
    assert.equal(Object.getPrototypeOf(decoded.prices), Object.prototype);
    assert.equal(({} as Record<string, unknown>).cents, undefined);
    assert.deepEqual(records.decode(records.encode(decoded)), decoded);
  });
});

function jsonError(textIn: string): string {
  try {
    JSON.parse(textIn);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}
