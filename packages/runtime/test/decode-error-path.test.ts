import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../src/codec.js';
import { jsonFailure, jsonFailureAt, jsonFailureKey } from '../src/json/json-check.js';

// DecodeError paths stay readable however deep the error happened (issue 14, item 3).

function nest(segments: string[], problem = 'bad'): DecodeError {
  let err = new DecodeError('', problem);
  for (let i = segments.length - 1; i >= 0; i--) err = err.within(segments[i]!);
  return err;
}

describe('DecodeError paths', () => {
  it('joins names with dots and indexes or keys without: items[3].price, ["a b"].x', () => {
    assert.equal(nest(['items', '[3]', 'price']).path, 'items[3].price');
    assert.equal(nest(['items', '[3]', 'price']).message, 'items[3].price: bad');
    assert.equal(nest(['["a b"]', 'x']).path, '["a b"].x');
    assert.equal(nest(['[1]', '[2]']).path, '[1][2]');
    assert.equal(new DecodeError('', 'bad').message, 'bad');
    assert.equal(new DecodeError('a.b', 'bad').within('x').path, 'x.a.b');
  });

  it('shortens a path of more than 8 parts to its first two, a count, and its last', () => {
    assert.equal(nest(Array(100).fill('parent')).path, 'parent.parent.…(97 more).parent');
    assert.equal(nest(Array(100).fill('parent')).message, 'parent.parent.…(97 more).parent: bad');
    assert.equal(nest(Array(8).fill('p')).path, 'p.p.p.p.p.p.p.p');
    assert.equal(nest(Array(9).fill('p')).path, 'p.p.…(6 more).p');
    // A name and the index after it are one part.
    assert.equal(nest(Array(50).fill(['children', '[0]']).flat()).path, 'children[0].children[0].…(47 more).children[0]');
    assert.equal(nest(['data', ...Array(60).fill('[0]')]).path, 'data[0][0].…(57 more)[0]');
    assert.equal(nest(['a', 'b', ...Array(20).fill('c'), 'd', '[7]', 'e']).path, 'a.b.…(21 more).e');
  });

  it('stays short however deep: 10,000 levels give the same short path', () => {
    const err = nest(Array(10_000).fill('parent'));
    assert.equal(err.path, 'parent.parent.…(9997 more).parent');
    assert.ok(err.message.length < 80);
  });

  it('cuts long record keys in paths, and names non-identifier fields as keys', () => {
    const long = 'k'.repeat(1000);
    assert.equal(jsonFailureKey(new DecodeError('', 'bad'), long).path, `["${'k'.repeat(40)}…(960 more)"]`);
    assert.equal(jsonFailure(new DecodeError('', 'bad'), 'first-name').path, '["first-name"]');
    assert.equal(jsonFailure(new DecodeError('', 'bad'), '$ok_1').path, '$ok_1');
    assert.equal(jsonFailure(new DecodeError('', 'bad'), '1st').path, '["1st"]');
    assert.equal(jsonFailureAt(jsonFailure(new DecodeError('', 'bad'), 'x'), 2).path, '[2].x');
    assert.equal(jsonFailure(new RangeError('boom'), 'x').message, 'x: boom');
  });
});
