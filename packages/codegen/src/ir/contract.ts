import type { SourceLocation } from './source-location.js';
import type { TypeRef } from './type-ref.js';

/**
 * The intermediate representation: what a contract says, independent of the syntax it was
 * written in. Both parsers produce it; emitters read nothing else (never protobufjs or
 * ts-morph objects).
 */

/** Which wire encoding a contract's messages use. */
export type Encoding = 'protobuf' | 'json';

/** Documentation carried from the contract into TSDoc. */
export interface Documented {
  /** The declaration's comment, without comment markers; undefined when there is none. */
  readonly doc?: string | undefined;
  readonly location: SourceLocation;
}

export interface FieldDecl extends Documented {
  /** The name in the contract (`user_id`). */
  readonly name: string;
  /** The property name in TypeScript (`userId`). */
  readonly tsName: string;
  /** Protobuf field number; undefined for TS contracts. */
  readonly number?: number | undefined;
  /** Protobuf: the field's name in JSON (the `json_name` option, else protoc's rule: `unit_price` -> `unitPrice`); undefined for TS contracts. */
  readonly jsonName?: string | undefined;
  readonly type: TypeRef;
  /** May be absent: proto3 `optional` or a message field; a TS `?:` property. */
  readonly optional: boolean;
  /** The oneof this field belongs to (its `tsName`), if any. */
  readonly oneof?: string | undefined;
  readonly deprecated?: boolean | undefined;
  /** Protobuf: false for a repeated number field declared `[packed = false]` (written one key per element). */
  readonly packed?: boolean | undefined;
  /** TS contracts: a `readonly` property. */
  readonly readonly?: boolean | undefined;
}

/** A proto3 `oneof`: at most one of its fields is set; emitted as a discriminated union. */
export interface OneofDecl extends Documented {
  readonly name: string;
  readonly tsName: string;
  /** The tsNames of its fields, in declaration order. */
  readonly fields: readonly string[];
}

export interface MessageDecl extends Documented {
  readonly kind: 'message';
  /** Fully qualified name (`pkg.Outer.Inner`); unique across the contract set. */
  readonly fullName: string;
  /** The exported TypeScript name (`Outer_Inner` for nested messages). */
  readonly tsName: string;
  readonly fields: readonly FieldDecl[];
  readonly oneofs: readonly OneofDecl[];
  /** Field numbers and names reserved in the contract. */
  readonly reserved?: { readonly numbers: readonly (number | readonly [number, number])[]; readonly names: readonly string[] };
}

export interface EnumValueDecl extends Documented {
  readonly name: string;
  /** The member name in TypeScript. */
  readonly tsName: string;
  /** Number for proto enums and numeric TS enums; string for string TS enums. */
  readonly value: number | string;
}

export interface EnumDecl extends Documented {
  readonly kind: 'enum';
  readonly fullName: string;
  readonly tsName: string;
  readonly values: readonly EnumValueDecl[];
}

/** TS contracts: a named type alias (`type Shape = Circle | Square`). */
export interface AliasDecl extends Documented {
  readonly kind: 'alias';
  readonly fullName: string;
  readonly tsName: string;
  readonly type: TypeRef;
}

export type TypeDecl = MessageDecl | EnumDecl | AliasDecl;

export interface MethodDecl extends Documented {
  /** The name in the contract (`Calculate`). */
  readonly name: string;
  /** The method name in TypeScript (`calculate`). */
  readonly tsName: string;
  /** Fully qualified, sent as the AMQP `type` (`calculator.v1.Calculator.Calculate`). */
  readonly fullName: string;
  /** Request and response types: a message or alias reference. */
  readonly request: TypeRef;
  readonly response: TypeRef;
  /** May be retried after a connection loss (proto `idempotency_level`, TS `@idempotent`). */
  readonly idempotent: boolean;
  /** Default deadline, ms. */
  readonly timeoutMs?: number | undefined;
  /**
   * `serverStream`: one request, a stream of responses (proto `returns (stream T)`, TS
   * `AsyncIterable<T>`); `unary` otherwise.
   */
  readonly kind: MethodKind;
}

/** How a method answers: one reply, or a stream of them (server streaming, protocol v1.1). */
export type MethodKind = 'unary' | 'serverStream';

export interface ServiceDecl extends Documented {
  readonly fullName: string;
  readonly tsName: string;
  /** The durable request queue; defaults to fullName, overridable in the contract. */
  readonly queue: string;
  readonly methods: readonly MethodDecl[];
}

/** One contract file. */
export interface ContractFile {
  /** Path relative to the contracts root, with `/` separators (`billing/invoice.proto`). */
  readonly path: string;
  readonly syntax: 'proto' | 'ts';
  readonly encoding: Encoding;
  /** Proto package, or '' for TS contracts and package-less protos. */
  readonly package: string;
  readonly types: readonly TypeDecl[];
  readonly services: readonly ServiceDecl[];
}

/** Every contract of a run, with types resolvable across files. */
export interface ContractSet {
  readonly files: readonly ContractFile[];
}
