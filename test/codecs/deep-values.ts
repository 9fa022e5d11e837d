// Builders of deeply nested values and bodies, without recursion (a recursive builder would
// overflow the stack before the code under test could).
import type { Node } from '../../packages/codegen/test/golden/proto-recursive/expected/tree.js';
import type { TreeNode } from '../../packages/codegen/test/golden/ts-recursive/expected/tree.js';

/** JSON text of a TreeNode with `levels` objects chained through `parent` (1 = a lone node). */
export function deepTreeJson(levels: number, label = 'x'): string {
  const open = `{"label":${JSON.stringify(label)},"children":[],"parent":`;
  return open.repeat(levels - 1) + `{"label":${JSON.stringify(label)},"children":[]}` + '}'.repeat(levels - 1);
}

/** A TreeNode value with `levels` nodes chained through `parent`. */
export function deepTree(levels: number, label = 'x'): TreeNode {
  const root: TreeNode = { label, children: [] };
  let node = root;
  for (let i = 1; i < levels; i++) node = node.parent = { label, children: [] };
  return root;
}

/** A protobuf Node value with `levels` nodes chained through `parent`. */
export function deepNode(levels: number, label = 'x'): Node {
  const root: Node = { label, children: [] };
  let node = root;
  for (let i = 1; i < levels; i++) node = node.parent = { label, children: [] };
  return root;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/**
 * Protobuf bytes of `levels` messages, each holding the next in a length-delimited field
 * whose key is `tagAt(n)` for the n-th message from the outside (0x12: Node.parent); the
 * innermost holds `leaf`. Lengths are computed inside out, then written outside in: linear,
 * whatever the depth.
 */
export function deepProto(
  levels: number,
  tagAt: (n: number) => number = () => 0x12,
  leaf: Uint8Array = new Uint8Array([0x0a, 0x01, 0x78]),
): Uint8Array {
  const lengths: number[] = [leaf.length];
  for (let i = 1; i < levels; i++) {
    const inner = lengths[i - 1]!;
    lengths.push(1 + varint(inner).length + inner);
  }
  const out = new Uint8Array(lengths[levels - 1]!);
  let pos = 0;
  for (let i = levels - 1; i >= 1; i--) {
    out[pos++] = tagAt(levels - 1 - i);
    for (const b of varint(lengths[i - 1]!)) out[pos++] = b;
  }
  out.set(leaf, pos);
  return out;
}

/** Protobuf bytes of an unknown field 5 that opens `levels` nested groups and closes them. */
export function deepGroups(levels: number): Uint8Array {
  const out = new Uint8Array(levels * 2);
  out.fill((5 << 3) | 3, 0, levels); // start group, field 5
  out.fill((5 << 3) | 4, levels); // end group, field 5
  return out;
}

/** The shortened path of `levels` `segment`s, as DecodeError shows it. */
export function shortPath(segment: string, levels: number): string {
  return `${segment}.${segment}.…(${levels - 3} more).${segment}`;
}
