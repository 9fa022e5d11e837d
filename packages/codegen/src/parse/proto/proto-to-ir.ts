import protobuf from 'protobufjs';
import type {
  ContractFile,
  EnumDecl,
  FieldDecl,
  MessageDecl,
  OneofDecl,
  ServiceDecl,
  TypeDecl,
} from '../../ir/contract.js';
import { ContractError } from '../../ir/contract-error.js';
import { checkGeneratedNames } from '../../ir/check-generated-names.js';
import { lowerCamel, protoJsonName } from '../../ir/names.js';
import type { MapKeyKind, ScalarKind, TypeRef, WellKnownName } from '../../ir/type-ref.js';
import type { LoadedProtos } from './load-proto-set.js';
import type { ProtoLocator } from './proto-locator.js';
import { doc, fq, UNSUPPORTED_WELL_KNOWN, WELL_KNOWN } from './proto-names.js';
import { serviceToIr } from './proto-service-to-ir.js';

const SCALARS = new Set<string>([
  'double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes',
]);

const MAP_KEYS = new Set<string>([
  'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string',
]);


/**
 * Converts the protobufjs objects of one file into the IR. Problems are pushed to `errors`
 * with positions from the file's locator.
 */
export function protoFileToIr(loaded: LoadedProtos, file: string, errors: ContractError[]): ContractFile {
  const locator = loaded.locators.get(file)!;
  const types: TypeDecl[] = [];
  const services: ServiceDecl[] = [];
  for (const { obj, prefix } of declarationsByFile(loaded).get(file) ?? []) {
    if (obj instanceof protobuf.Type) types.push(messageToIr(obj, prefix, locator, errors));
    else if (obj instanceof protobuf.Enum) types.push(enumToIr(obj, prefix, locator));
    else services.push(serviceToIr(obj, locator, errors));
  }
  checkGeneratedNames(types, services, errors);
  return { path: file, syntax: 'proto', encoding: 'protobuf', package: locator.package, types, services };
}

type Declared = { obj: protobuf.Type | protobuf.Enum | protobuf.Service; prefix: string };
const declaredByRoot = new WeakMap<LoadedProtos, Map<string, Declared[]>>();

/**
 * The root's messages, enums and services (with their TypeScript name prefix) grouped by
 * file, in declaration order. One walk per root: walking it for every file was quadratic.
 */
function declarationsByFile(loaded: LoadedProtos): Map<string, Declared[]> {
  const cached = declaredByRoot.get(loaded);
  if (cached) return cached;
  const byFile = new Map<string, Declared[]>();
  const relative = new Map<string, string>();
  const add = (obj: Declared['obj'], prefix: string) => {
    if (obj.filename === null) return;
    let file = relative.get(obj.filename);
    if (file === undefined) relative.set(obj.filename, (file = loaded.relative(obj.filename)));
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push({ obj, prefix });
  };
  const visit = (ns: protobuf.NamespaceBase, prefix: string) => {
    for (const obj of ns.nestedArray) {
      if (obj instanceof protobuf.Type) {
        add(obj, prefix);
        visit(obj, `${prefix}${obj.name}_`);
      } else if (obj instanceof protobuf.Enum || obj instanceof protobuf.Service) {
        add(obj, prefix);
      } else if (obj instanceof protobuf.Namespace) {
        visit(obj, prefix);
      }
    }
  };
  visit(loaded.root, '');
  declaredByRoot.set(loaded, byFile);
  return byFile;
}

function messageToIr(type: protobuf.Type, prefix: string, locator: ProtoLocator, errors: ContractError[]): MessageDecl {
  const fullName = fq(type.fullName);
  const oneofs: OneofDecl[] = [];
  for (const o of type.oneofsArray) {
    // proto3 `optional` is a synthetic oneof `_name` of one field: presence, not a union.
    if (o.fieldsArray.length === 1 && o.fieldsArray[0]!.options?.['proto3_optional']) continue;
    oneofs.push({
      name: o.name,
      tsName: lowerCamel(o.name),
      fields: o.fieldsArray.map((f) => lowerCamel(f.name)),
      doc: doc(o.comment),
      location: locator.find(`${fullName}.${o.name}#oneof`),
    });
  }
  const fields = type.fieldsArray.map((f) => fieldToIr(f, fullName, locator, errors));
  const taken = new Map<string, string>();
  for (const member of [...fields, ...oneofs]) {
    const other = taken.get(member.tsName);
    if (other !== undefined) {
      errors.push(
        new ContractError(
          member.location,
          `"${member.name}" and "${other}" of ${fullName} are both "${member.tsName}" in TypeScript (and JSON): rename one of them`,
        ),
      );
    } else taken.set(member.tsName, member.name);
  }
  return {
    kind: 'message',
    fullName,
    tsName: prefix + type.name,
    fields,
    oneofs,
    reserved: reservedOf(type.reserved),
    doc: doc(type.comment),
    location: locator.find(fullName),
  };
}

function reservedOf(reserved: (number[] | string)[] | undefined): MessageDecl['reserved'] {
  const numbers: (number | readonly [number, number])[] = [];
  const names: string[] = [];
  for (const r of reserved ?? []) {
    if (typeof r === 'string') names.push(r);
    else numbers.push(r[0] === r[1] ? r[0]! : [r[0]!, r[1]!]);
  }
  return { numbers, names };
}

function fieldToIr(field: protobuf.Field, owner: string, locator: ProtoLocator, errors: ContractError[]): FieldDecl {
  const key = `${owner}.${field.name}`;
  const location = locator.find(key);
  let type: TypeRef;
  if (field instanceof protobuf.MapField) {
    // A disallowed key was reported by the syntax check; the value type is still checked.
    const valueAt = locator.find(locator.has(`${key}#value`) ? `${key}#value` : `${key}#type`);
    type = { kind: 'map', key: field.keyType as MapKeyKind, value: typeRef(field, valueAt, errors) };
  } else {
    const element = typeRef(field, locator.find(`${key}#type`), errors);
    type = field.repeated ? { kind: 'list', element } : element;
  }
  const isOneof = field.partOf !== null && !field.options?.['proto3_optional'];
  const optional = Boolean(field.options?.['proto3_optional']) || isOneof || (type.kind === 'message' || type.kind === 'wellKnown');
  return {
    name: field.name,
    tsName: lowerCamel(field.name),
    number: field.id,
    jsonName: typeof field.options?.['json_name'] === 'string' ? field.options['json_name'] : protoJsonName(field.name),
    type,
    optional,
    oneof: isOneof ? lowerCamel(field.partOf!.name) : undefined,
    deprecated: field.options?.['deprecated'] === true ? true : undefined,
    packed: field.repeated && field.options?.['packed'] === false ? false : undefined,
    doc: doc(field.comment),
    location,
  };
}

function typeRef(field: protobuf.Field, at: ContractError['location'], errors: ContractError[]): TypeRef {
  if (SCALARS.has(field.type)) return { kind: 'scalar', scalar: field.type as ScalarKind };
  try {
    // MapField.resolve throws at a disallowed key before it resolves the value type.
    if (field instanceof protobuf.MapField && !MAP_KEYS.has(field.keyType)) protobuf.Field.prototype.resolve.call(field);
    else field.resolve();
  } catch {
    // reported below as an unknown type, with its position
  }
  const resolved = field.resolvedType;
  if (!resolved) {
    errors.push(new ContractError(at, `unknown type "${field.type}": declare it, or import the .proto that declares it`));
    return { kind: 'scalar', scalar: 'bytes' };
  }
  const name = fq(resolved.fullName);
  const unsupported = UNSUPPORTED_WELL_KNOWN[name];
  if (unsupported) {
    errors.push(new ContractError(at, `${name} is not supported yet: ${unsupported}`));
    return { kind: 'scalar', scalar: 'bytes' };
  }
  if (WELL_KNOWN.has(name)) return { kind: 'wellKnown', name: name as WellKnownName };
  return resolved instanceof protobuf.Enum ? { kind: 'enum', name } : { kind: 'message', name };
}

function enumToIr(e: protobuf.Enum, prefix: string, locator: ProtoLocator): EnumDecl {
  const fullName = fq(e.fullName);
  return {
    kind: 'enum',
    fullName,
    tsName: prefix + e.name,
    values: Object.entries(e.values).map(([name, value]) => ({
      name,
      tsName: name,
      value,
      doc: doc(e.comments[name]),
      location: locator.find(`${fullName}.${name}`),
    })),
    doc: doc(e.comment),
    location: locator.find(fullName),
  };
}
