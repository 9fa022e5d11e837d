import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError, DEFAULT_MAX_DEPTH, type JsonValue } from '@warren/runtime';
import { jsonCodec, protobufCodec } from '@warren/runtime/codegen';
import { Node } from '../../packages/codegen/test/golden/proto-recursive/expected/tree.js';
import { TreeNode } from '../../packages/codegen/test/golden/ts-recursive/expected/tree.js';
import { deepGroups, deepNode, deepProto, deepTree, deepTreeJson, shortPath } from './deep-values.js';

// The nesting limit of the generated codecs (issue 14, item 3): a value nested deeper than
// maxDepth (default 100, protobuf's recursion limit) is a DecodeError naming where it stopped,
// on decode and on encode, JSON and protobuf; never a RangeError, never a crash. Counting:
// protobuf counts messages; JSON counts objects and arrays (a TreeNode level is its object,
// its `children` array is one more).

const json = jsonCodec(TreeNode);
const proto = protobufCodec(Node);
const utf8 = new TextEncoder();
const TOO_DEEP = 'nested deeper than the limit of 100 levels (maxDepth)';

function tooDeep(fn: () => unknown, path: string, problem = TOO_DEEP): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DecodeError, `expected a DecodeError, got ${String(err)}`);
    assert.equal(err.message, path ? `${path}: ${problem}` : problem);
    assert.equal(err.path, path);
    return true;
  });
}

describe('nesting limit: JSON codecs', () => {
  it('refuses a 10,000-deep body with a short path to where it stopped', () => {
    // The node 99 parents down is at depth 99; its children array would be at depth 100.
    tooDeep(() => json.decode(utf8.encode(deepTreeJson(10_000))), shortPath('parent', 100).replace(/parent$/, 'children'));
  });

  it('refuses a 10,000-deep value on encode, before JSON.stringify could overflow', () => {
    tooDeep(() => json.encode(deepTree(10_000)), shortPath('parent', 100).replace(/parent$/, 'children'));
  });

  it('accepts exactly what fits: 99 levels of TreeNode (and their arrays) both ways, 100 neither way', () => {
    assert.equal(DEFAULT_MAX_DEPTH, 100);
    const fits = deepTree(99);
    assert.deepEqual(json.decode(json.encode(fits)), fits);
    assert.deepEqual(json.decode(utf8.encode(deepTreeJson(99))), fits);
    assert.throws(() => json.encode(deepTree(100)), DecodeError);
    assert.throws(() => json.decode(utf8.encode(deepTreeJson(100))), DecodeError);
  });

  it('takes the limit per call (CodecLimits.maxDepth)', () => {
    const five = deepTree(5);
    assert.throws(() => json.encode(five, { maxDepth: 5 }), DecodeError);
    assert.deepEqual(json.decode(json.encode(five, { maxDepth: 6 }), { maxDepth: 6 }), five);
    tooDeep(() => json.decode(json.encode(five), { maxDepth: 3 }), 'parent.parent.children', 'nested deeper than the limit of 3 levels (maxDepth)');
    const deep = deepTree(399); // 399 objects, the last one's children array at depth 399
    assert.deepEqual(json.decode(json.encode(deep, { maxDepth: 400 }), { maxDepth: 400 }), deep);
  });

  it('counts arrays: a tree 10,000 levels deep through children', () => {
    let text = '{"label":"leaf","children":[]}';
    // Built inside out once; 10,000 levels of `{"label":"n","children":[ ... ]}`.
    const open = '{"label":"n","children":['.repeat(10_000);
    text = open + text + ']}'.repeat(10_000);
    // Levels: object 0, array 1, object 2, ... the object at depth 100 is the 50th child down.
    const path = shortPath('children[0]', 50);
    tooDeep(() => json.decode(utf8.encode(text)), path);
  });

  it('is not fooled by deep nesting in properties the type does not declare (dropped unread)', () => {
    const text = `{"label":"x","children":[],"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    assert.deepEqual(json.decode(utf8.encode(text)), { label: 'x', children: [] });
  });
});

describe('nesting limit: the setting', () => {
  it('is an integer of at least 1: NaN, 0, 2.5 or Infinity would disable it or refuse everything', () => {
    for (const maxDepth of [NaN, 0, -1, 2.5, Infinity]) {
      assert.throws(() => json.encode(deepTree(1), { maxDepth }), RangeError, String(maxDepth));
      assert.throws(() => proto.decode(proto.encode(deepNode(1)), { maxDepth }), RangeError, String(maxDepth));
    }
    assert.deepEqual(proto.decode(proto.encode(deepNode(1), { maxDepth: 1 }), { maxDepth: 1 }), deepNode(1));
  });
});

describe('nesting limit: protobuf codecs', () => {
  it('refuses a 10,000-deep body with a short path to where it stopped', () => {
    tooDeep(() => proto.decode(deepProto(10_000)), shortPath('parent', 100));
  });

  it('refuses a 10,000-deep value on encode', () => {
    tooDeep(() => proto.encode(deepNode(10_000)), shortPath('parent', 100));
  });

  it('accepts exactly 100 nested messages both ways, 101 neither way', () => {
    const fits = deepNode(100);
    assert.deepEqual(proto.decode(proto.encode(fits)), fits);
    const decoded = proto.decode(deepProto(100));
    let levels = 1;
    for (let n = decoded; n.parent; n = n.parent) levels++;
    assert.equal(levels, 100);
    assert.throws(() => proto.encode(deepNode(101)), DecodeError);
    assert.throws(() => proto.decode(deepProto(101)), DecodeError);
  });

  it('takes the limit per call (CodecLimits.maxDepth)', () => {
    const five = deepNode(5);
    assert.throws(() => proto.encode(five, { maxDepth: 4 }), DecodeError);
    tooDeep(() => proto.decode(proto.encode(five), { maxDepth: 2 }), 'parent.parent', 'nested deeper than the limit of 2 levels (maxDepth)');
    const deep = deepNode(400);
    assert.deepEqual(proto.decode(proto.encode(deep, { maxDepth: 400 }), { maxDepth: 400 }), deep);
  });

  it('names the element of a repeated field on encode and decode: children[0]', () => {
    const tree: Node = { label: 'root', children: [] };
    let node = tree;
    for (let i = 0; i < 200; i++) {
      const child: Node = { label: 'c', children: [] };
      node.children.push({ label: 'sibling', children: [] }, child);
      node = child;
    }
    // The 100th level's first child (a sibling, index 0) is the 101st message.
    const path = shortPath('children[1]', 100).replace(/1\]$/, '0]');
    tooDeep(() => proto.encode(tree), path);
    const bytes = proto.encode(tree, { maxDepth: 300 });
    tooDeep(() => proto.decode(bytes), path);
  });

  it('counts Struct, Value and ListValue levels: a 10,000-deep google.protobuf.Value', () => {
    // Node.data (0x22) holds a Value; Value.list_value (0x32) a ListValue; ListValue.values (0x0a) a Value...
    const bytes = deepProto(10_000, (n) => (n === 0 ? 0x22 : n % 2 === 1 ? 0x32 : 0x0a), new Uint8Array([0x08, 0x00]));
    // Node is level 1, data's Value level 2, then ListValue/Value pairs: level 101 is a ListValue's 50th element.
    tooDeep(() => proto.decode(bytes), 'data[0][0].…(46 more)[0]');
    let value: JsonValue = null;
    for (let i = 0; i < 10_000; i++) value = i % 2 ? [value] : { k: value };
    // Built inside out, so the outermost is a list: data's Value is level 2, the list level 3...
    tooDeep(() => proto.encode({ label: '', children: [], data: value }), 'data[0]["k"].…(46 more)[0]');
  });

  it('counts nested groups of unknown fields, which are skipped by recursion', () => {
    tooDeep(() => proto.decode(deepGroups(10_000)), '', TOO_DEEP);
    assert.deepEqual(proto.decode(deepGroups(50)), { label: '', children: [] });
  });
});
