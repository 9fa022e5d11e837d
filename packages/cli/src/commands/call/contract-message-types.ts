import type { ContractSet, EnumDecl, FieldDecl, MessageDecl, TypeRef } from '@warren/codegen';
import {
  protoMessage,
  wellKnownCodec,
  type FieldDesc,
  type FieldType,
  type MapKeyType,
  type MessageCodec,
  type ProtoMessage,
  type ValueType,
} from '@warren/runtime/codegen';

/**
 * The message types of a contract set's .proto files, built at run time from the IR the
 * codegen parser produced: the same descriptors generated code hands the runtime, so
 * `warren call` reads and prints exactly the ProtoJSON generated `toJson` / `fromJson` do,
 * and writes the same bytes (through the runtime's ProtoWriter, walking the descriptor).
 */
export class ContractMessageTypes {
  readonly #messages = new Map<string, MessageDecl>();
  readonly #enums = new Map<string, EnumDecl>();
  readonly #built = new Map<string, ProtoMessage<object>>();
  readonly #enumObjects = new Map<string, Record<string, string | number>>();

  constructor(contracts: ContractSet) {
    for (const file of contracts.files) {
      if (file.syntax !== 'proto') continue;
      for (const decl of file.types) {
        if (decl.kind === 'message') this.#messages.set(decl.fullName, decl);
        else if (decl.kind === 'enum') this.#enums.set(decl.fullName, decl);
      }
    }
    // Every type, so an Any holding any of them can be read and printed.
    for (const name of this.#messages.keys()) this.message(name);
  }

  /** The codec of a request or reply type: a message of the contracts, or a well-known type. */
  codec(ref: TypeRef): MessageCodec<unknown> {
    if (ref.kind === 'wellKnown') return wellKnownCodec(ref.name);
    if (ref.kind === 'message') return this.message(ref.name) as MessageCodec<unknown>;
    throw new Error(`internal: a method's request and reply are messages, got a ${ref.kind}`);
  }

  /** The message type `fullName` (`shop.v1.Product`). */
  message(fullName: string): ProtoMessage<object> {
    const built = this.#built.get(fullName);
    if (built) return built;
    const decl = this.#messages.get(fullName);
    if (!decl) throw new Error(`internal: unknown message type ${fullName}`);
    const type = protoMessage<object>({ typeName: decl.fullName, fields: decl.fields.map((f) => this.#field(f)) });
    this.#built.set(fullName, type);
    return type;
  }

  #field(f: FieldDecl): FieldDesc {
    return {
      no: f.number!,
      name: f.name,
      localName: f.tsName,
      ...(f.jsonName === undefined ? {} : { jsonName: f.jsonName }),
      type: this.#fieldType(f.type),
      optional: f.optional && f.oneof === undefined,
      ...(f.oneof === undefined ? {} : { oneof: f.oneof }),
      ...(f.packed === false ? { packed: false } : {}),
    };
  }

  #fieldType(t: TypeRef): FieldType {
    if (t.kind === 'list') return { list: this.#valueType(t.element) };
    if (t.kind === 'map') return { map: t.key as MapKeyType, value: this.#valueType(t.value) };
    return this.#valueType(t);
  }

  #valueType(t: TypeRef): ValueType {
    switch (t.kind) {
      case 'scalar':
        return t.scalar;
      case 'enum': {
        const name = t.name;
        return { enum: name, values: () => this.#enumObject(name) };
      }
      case 'message': {
        const name = t.name;
        return { message: () => this.message(name) };
      }
      case 'wellKnown':
        return { wellKnown: t.name };
      default:
        throw new Error(`internal: a ${t.kind} in a .proto contract`);
    }
  }

  /** The enum as a TypeScript enum object: `NAME -> number` and `number -> NAME` (the first name of a number). */
  #enumObject(fullName: string): Record<string, string | number> {
    let values = this.#enumObjects.get(fullName);
    if (values) return values;
    values = {};
    for (const v of this.#enums.get(fullName)?.values ?? []) {
      values[v.name] = v.value;
      if (!(String(v.value) in values)) values[String(v.value)] = v.name;
    }
    this.#enumObjects.set(fullName, values);
    return values;
  }
}
