import type { EnumDeclaration, InterfaceDeclaration, Type, TypeAliasDeclaration, TypeNode, TypeReferenceNode } from 'ts-morph';
import type { AliasDecl, EnumDecl, MessageDecl, TypeDecl } from '../../ir/contract.js';
import { ContractError } from '../../ir/contract-error.js';
import type { TypeRef } from '../../ir/type-ref.js';
import { Node, SyntaxKind } from './load-ts-morph.js';
import { TsDeclarations } from './ts-declarations.js';
import { mapFields } from './ts-fields.js';
import { mapGlobalType } from './ts-global-type.js';
import type { PendingUnion, TsMapperHost } from './ts-mapper-host.js';
import { ANY, CLASS, FUNCTION, GENERIC, OTHER, TUPLE, UNKNOWN, unsupported } from './ts-rejections.js';
import { namespaceOf, readDoc, type TsSource } from './ts-source.js';
import { mapUnion, resolveDiscriminators } from './ts-unions.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Maps TypeScript type syntax to IR type references, declaring every interface, alias and enum
 * it reaches (recursion-safe: a declaration is registered before its fields are read). Problems
 * are collected as ContractErrors with the node's file:line:column.
 */
export class TsTypeMapper implements TsMapperHost {
  readonly #declared: TsDeclarations;
  readonly pendingUnions: PendingUnion[] = [];

  constructor(
    readonly source: TsSource,
    readonly errors: ContractError[],
  ) {
    this.#declared = new TsDeclarations(source);
  }

  /** Records a problem at `node`; returns undefined so callers can `return this.error(...)`. */
  error(node: Node, problem: string): undefined {
    this.errors.push(new ContractError(this.source.locate(node), problem));
    return undefined;
  }

  reject(node: Node, where: string, [why, instead]: readonly [string, string]): undefined {
    return this.error(node, unsupported(node.getText(), where, why, instead));
  }

  /** Every declaration reached, grouped by contract file, in source order. */
  declarationsByFile(): Map<string, TypeDecl[]> {
    resolveDiscriminators(this);
    return this.#declared.byFile();
  }

  /** A declared type by fully qualified name (after mapping). */
  find(fullName: string): TypeDecl | undefined {
    return this.#declared.find(fullName);
  }

  /**
   * Maps a type node. `where` says what it is for errors (`field User.email`); `owner` names an
   * inline object type found there (`User_Address`). `allowUndefined` admits `| undefined` (optional fields).
   */
  map(node: TypeNode, where: string, owner: string, allowUndefined = false): TypeRef | undefined {
    if (Node.isParenthesizedTypeNode(node)) return this.map(node.getTypeNode(), where, owner, allowUndefined);
    switch (node.getKind()) {
      case SyntaxKind.StringKeyword:
        return { kind: 'scalar', scalar: 'string' };
      case SyntaxKind.NumberKeyword:
        return { kind: 'scalar', scalar: 'double' };
      case SyntaxKind.BooleanKeyword:
        return { kind: 'scalar', scalar: 'bool' };
      case SyntaxKind.BigIntKeyword:
        return { kind: 'scalar', scalar: 'int64' };
      case SyntaxKind.AnyKeyword:
        return this.reject(node, where, ANY);
      case SyntaxKind.UnknownKeyword:
        return this.reject(node, where, UNKNOWN);
    }
    if (Node.isLiteralTypeNode(node)) return this.#literal(node, where);
    if (Node.isArrayTypeNode(node)) return this.#list(node.getElementTypeNode(), false, where, owner);
    if (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.ReadonlyKeyword) {
      const inner = node.getTypeNode();
      if (Node.isArrayTypeNode(inner)) return this.#list(inner.getElementTypeNode(), true, where, owner);
    }
    if (Node.isUnionTypeNode(node)) return mapUnion(this, node, where, owner, allowUndefined);
    if (Node.isTypeLiteral(node) || Node.isIntersectionTypeNode(node)) return this.#objectType(node, node, owner, where);
    if (Node.isFunctionTypeNode(node) || Node.isConstructorTypeNode(node)) return this.reject(node, where, FUNCTION);
    if (Node.isTupleTypeNode(node)) return this.reject(node, where, TUPLE);
    if (Node.isTypeReference(node)) return this.#reference(node, where, owner);
    if (node.getKind() === SyntaxKind.UndefinedKeyword || node.getKind() === SyntaxKind.VoidKeyword) {
      return this.reject(node, where, ['`undefined` alone carries no data', 'an optional field `name?: T` instead']);
    }
    return this.reject(node, where, OTHER);
  }

  #literal(node: TypeNode & { getLiteral(): Node }, where: string): TypeRef | undefined {
    const lit = node.getLiteral();
    if (Node.isStringLiteral(lit)) return { kind: 'literal', value: lit.getLiteralValue() };
    if (Node.isNumericLiteral(lit)) return { kind: 'literal', value: lit.getLiteralValue() };
    if (Node.isPrefixUnaryExpression(lit) && Node.isNumericLiteral(lit.getOperand())) {
      return { kind: 'literal', value: -Number(lit.getOperand().getText()) };
    }
    if (lit.getKind() === SyntaxKind.TrueKeyword) return { kind: 'literal', value: true };
    if (lit.getKind() === SyntaxKind.FalseKeyword) return { kind: 'literal', value: false };
    if (lit.getKind() === SyntaxKind.NullKeyword) {
      return this.reject(node, where, ['`null` alone carries no data', '`T | null` instead']);
    }
    return this.reject(node, where, OTHER);
  }

  #list(element: TypeNode, readonly: boolean, where: string, owner: string): TypeRef | undefined {
    const el = this.map(element, where, owner);
    if (!el) return undefined;
    return readonly ? { kind: 'list', element: el, readonly: true } : { kind: 'list', element: el };
  }

  #reference(node: TypeReferenceNode, where: string, owner: string): TypeRef | undefined {
    let symbol = node.getTypeName().getSymbol();
    if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
    const decl = symbol?.getDeclarations()[0];
    if (!symbol || !decl) {
      return this.error(node, `cannot resolve \`${node.getTypeName().getText()}\` (${where}): import it from a file under contracts/`);
    }
    if (!this.source.isContract(decl)) return mapGlobalType(this, node, symbol.getName(), where, owner);
    if (Node.isTypeParameterDeclaration(decl) || node.getTypeArguments().length > 0) return this.reject(node, where, GENERIC);
    if (Node.isInterfaceDeclaration(decl)) return this.#interface(decl);
    if (Node.isTypeAliasDeclaration(decl)) return this.#alias(decl);
    if (Node.isEnumDeclaration(decl)) return this.#enum(decl);
    if (Node.isClassDeclaration(decl)) return this.reject(node, where, CLASS);
    if (Node.isEnumMember(decl)) {
      return this.reject(node, where, ['an enum member is not a type warren validates', 'the enum type or a literal instead']);
    }
    return this.reject(node, where, OTHER);
  }

  #interface(decl: InterfaceDeclaration): TypeRef | undefined {
    const known = this.#declared.get(decl);
    if (known) return { kind: 'message', name: known.fullName };
    if (decl.getTypeParameters().length > 0) return this.reject(decl.getNameNode(), `interface ${decl.getName()}`, GENERIC);
    return this.#objectType(decl, decl, decl.getName(), `interface ${decl.getName()}`);
  }

  #alias(decl: TypeAliasDeclaration): TypeRef | undefined {
    const known = this.#declared.get(decl);
    if (known) return { kind: known.kind === 'message' ? 'message' : 'alias', name: known.fullName };
    const name = decl.getName();
    if (decl.getTypeParameters().length > 0) return this.reject(decl.getNameNode(), `type ${name}`, GENERIC);
    let body = decl.getTypeNodeOrThrow();
    while (Node.isParenthesizedTypeNode(body)) body = body.getTypeNode();
    if (Node.isIntersectionTypeNode(body) || (Node.isTypeLiteral(body) && body.getProperties().length > 0)) {
      return this.#objectType(decl, body, name, `type ${name}`);
    }
    const alias: Mutable<AliasDecl> = { kind: 'alias', ...this.#naming(decl, name), type: { kind: 'scalar', scalar: 'string' } };
    this.#register(decl, alias);
    const type = this.map(body, `type ${name}`, name);
    if (type) alias.type = type;
    return { kind: 'alias', name: alias.fullName };
  }

  #enum(decl: EnumDeclaration): TypeRef | undefined {
    const known = this.#declared.get(decl);
    if (known) return { kind: 'enum', name: known.fullName };
    const values = [];
    for (const member of decl.getMembers()) {
      const value = member.getValue();
      const name = member.getName();
      if (value === undefined) return this.error(member, `enum member ${decl.getName()}.${name} has no constant value: give it a number or string literal`);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return this.error(member, `enum member name ${name} is not an identifier: rename it`);
      values.push({ name, tsName: name, value, doc: readDoc(member).text, location: this.source.locate(member) });
    }
    const decl2: EnumDecl = { kind: 'enum', ...this.#naming(decl, decl.getName()), values };
    this.#register(decl, decl2);
    return { kind: 'enum', name: decl2.fullName };
  }

  /** An interface, an object type literal or a flattenable intersection, as a message. */
  #objectType(key: Node, node: Node, tsName: string, where: string): TypeRef | undefined {
    const known = this.#declared.get(key);
    if (known) return { kind: 'message', name: known.fullName };
    const type = node.getType();
    if (Node.isTypeLiteral(node) && node.getProperties().length === 0 && node.getIndexSignatures().length === 1) {
      const sig = node.getIndexSignatures()[0]!;
      if (sig.getKeyTypeNode().getKind() !== SyntaxKind.StringKeyword) return this.reject(node, where, OTHER);
      const value = this.map(sig.getReturnTypeNodeOrThrow(), where, tsName);
      return value && { kind: 'map', key: 'string', value };
    }
    if (Node.isIntersectionTypeNode(node) && !flattens(type)) {
      return this.reject(node, where, [
        'this intersection does not flatten into one object type (only interfaces and object types with agreeing fields do)',
        'one interface with all the fields instead, e.g. `interface C extends A, B {}`',
      ]);
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return this.reject(node, where, FUNCTION);
    if (type.getStringIndexType() || type.getNumberIndexType()) {
      return this.reject(node, where, ['an object type cannot mix named fields and an index signature', 'a field holding `Record<string, T>` instead']);
    }
    const msg: Mutable<MessageDecl> = { kind: 'message', ...this.#naming(key, tsName), fields: [], oneofs: [] };
    if (!this.#register(key, msg)) return undefined;
    msg.fields = mapFields(this, type, node, tsName);
    return { kind: 'message', name: msg.fullName };
  }

  #naming(node: Node, tsName: string): { fullName: string; tsName: string; doc: string | undefined; location: ReturnType<TsSource['locate']> } {
    return { fullName: `${namespaceOf(this.source.file(node))}.${tsName}`, tsName, doc: readDoc(node).text, location: this.source.locate(node) };
  }

  #register(key: Node, decl: TypeDecl): boolean {
    if (this.#declared.add(key, decl)) return true;
    this.error(key, `the generated type name ${decl.tsName} is taken twice in ${this.source.file(key)}: rename one of the types, or declare this inline type as a named interface`);
    return false;
  }
}

/** An intersection flattens when every part is a plain object type (no primitives, unions, functions). */
function flattens(type: Type): boolean {
  if (!type.isIntersection()) return type.isObject();
  return type
    .getIntersectionTypes()
    .every((t) => (t.isInterface() || t.isAnonymous() || t.isIntersection()) && t.getCallSignatures().length === 0 && flattens(t));
}
