import type { TypeNode, UnionTypeNode } from 'ts-morph';
import type { MessageDecl } from '../../ir/contract.js';
import type { TypeRef } from '../../ir/type-ref.js';
import { Node, SyntaxKind } from './load-ts-morph.js';
import { unsupported } from './ts-rejections.js';
import { pascal } from '../../ir/names.js';
import type { PendingUnion, TsMapperHost } from './ts-mapper-host.js';

type UnionRef = PendingUnion['union'];

/**
 * Maps `A | B | ...`: `T | null` is nullable; `| undefined` is allowed on optional fields only;
 * the rest must be literals (`'a' | 'b'`, `1 | 2`) or object types with a common literal field.
 */
export function mapUnion(
  mapper: TsMapperHost,
  node: UnionTypeNode,
  where: string,
  owner: string,
  allowUndefined: boolean,
): TypeRef | undefined {
  const rest: TypeNode[] = [];
  let nullable = false;
  let undef: TypeNode | undefined;
  for (const m of flatten(node)) {
    if (Node.isLiteralTypeNode(m) && m.getLiteral().getKind() === SyntaxKind.NullKeyword) nullable = true;
    else if (m.getKind() === SyntaxKind.UndefinedKeyword) undef = m;
    else rest.push(m);
  }
  if (undef && !allowUndefined) {
    return mapper.reject(node, where, [
      '`| undefined` on a required field makes the property both required and absent',
      'an optional field `name?: T` instead',
    ]);
  }
  let inner: TypeRef | undefined;
  if (rest.length === 0) {
    return mapper.reject(node, where, ['the union carries no data', 'a type with data, e.g. `string | null`, instead']);
  } else if (rest.length === 1) {
    inner = mapper.map(rest[0]!, where, owner);
  } else if (rest.every((m) => Node.isLiteralTypeNode(m))) {
    const variants = rest.map((m) => mapper.map(m, where, owner));
    if (variants.some((v) => !v)) return undefined;
    inner = { kind: 'union', variants: variants as TypeRef[] };
  } else {
    const variants = rest.map((m, i) => mapper.map(m, where, variantName(m, owner, i)));
    if (variants.some((v) => !v)) return undefined;
    if (variants.some((v) => v!.kind !== 'message')) {
      return mapper.reject(node, where, [
        'a union must be literals (`\'a\' | \'b\'`) or interfaces with a common literal field (a discriminated union)',
        'a literal union, or interfaces that each have e.g. `kind: \'circle\'`, instead',
      ]);
    }
    const union: UnionRef = { kind: 'union', variants: variants as TypeRef[] };
    mapper.pendingUnions.push({ union, node, where });
    inner = union;
  }
  if (!inner) return undefined;
  return nullable ? { kind: 'nullable', inner } : inner;
}

/** Finds each pending union's discriminator: a required field with a distinct literal in every variant. */
export function resolveDiscriminators(mapper: TsMapperHost): void {
  for (const pending of mapper.pendingUnions.splice(0)) {
    const variants = pending.union.variants.map((v) => mapper.find((v as { name: string }).name) as MessageDecl);
    const first = variants[0]!;
    const found = first.fields.find((candidate) => {
      const seen = new Set<unknown>();
      return variants.every((msg) => {
        const f = msg.fields.find((x) => x.tsName === candidate.tsName);
        if (!f || f.optional || f.type.kind !== 'literal' || seen.has(f.type.value)) return false;
        seen.add(f.type.value);
        return true;
      });
    });
    if (found) pending.union.discriminator = found.tsName;
    else {
      mapper.error(
        pending.node,
        unsupported(
          pending.node.getText(),
          pending.where,
          'the union of object types is not discriminated (no required field holds a different literal in every variant)',
          'a common field with a distinct literal in each variant, e.g. `kind: \'circle\'` and `kind: \'square\'`, instead',
        ),
      );
    }
  }
}

function flatten(node: TypeNode): TypeNode[] {
  if (Node.isParenthesizedTypeNode(node)) return flatten(node.getTypeNode());
  if (Node.isUnionTypeNode(node)) return node.getTypeNodes().flatMap(flatten);
  return [node];
}

/** An inline variant `{ kind: 'circle'; ... }` of `Shape` is named `Shape_Circle`. */
function variantName(node: TypeNode, owner: string, index: number): string {
  if (Node.isTypeLiteral(node)) {
    for (const p of node.getProperties()) {
      const t = p.getTypeNode();
      if (t && Node.isLiteralTypeNode(t) && Node.isStringLiteral(t.getLiteral())) {
        const name = pascal(t.getLiteral().getText().slice(1, -1));
        if (/^[A-Za-z]/.test(name)) return `${owner}_${name}`;
      }
    }
  }
  return `${owner}_${index + 1}`;
}
