import type { TypeNode, UnionTypeNode } from 'ts-morph';
import type { TypeDecl } from '../../ir/contract.js';
import type { TypeRef } from '../../ir/type-ref.js';
import type { Node } from './load-ts-morph.js';
import type { TsSource } from './ts-source.js';

/**
 * What the helpers of the type mapper (unions, fields, global types) call back into, so they
 * depend on this interface rather than on the mapper that imports them.
 */
export interface TsMapperHost {
  readonly source: TsSource;
  /** Unions of object types whose discriminator is resolved once all declarations are read. */
  readonly pendingUnions: PendingUnion[];
  /** Maps a type node (see TsTypeMapper.map). */
  map(node: TypeNode, where: string, owner: string, allowUndefined?: boolean): TypeRef | undefined;
  /** Records a problem at `node`; returns undefined. */
  error(node: Node, problem: string): undefined;
  /** Records an unsupported type at `node` with why and what to write instead; returns undefined. */
  reject(node: Node, where: string, reason: readonly [why: string, instead: string]): undefined;
  /** A declared type by fully qualified name. */
  find(fullName: string): TypeDecl | undefined;
}

/** A union of object types whose discriminator is found once every variant's fields are known. */
export interface PendingUnion {
  readonly union: { kind: 'union'; variants: TypeRef[]; discriminator?: string };
  readonly node: UnionTypeNode;
  readonly where: string;
}
