import type {
  ContractFile,
  ContractSet,
  EnumDecl,
  FieldDecl,
  MessageDecl,
  SourceLocation,
  TypeDecl,
  TypeRef,
} from '@warren/codegen';
import { describeType } from '../../contracts/describe-type.js';

/** One change that breaks callers or servers on the wire. */
export interface BreakingChange {
  /** A rule name in the spirit of buf's (`FIELD_SAME_TYPE`). */
  readonly rule: string;
  /** Where, in the current contracts; or in the earlier ones (`inBaseline`) when the element is gone. */
  readonly location: SourceLocation;
  readonly inBaseline: boolean;
  readonly message: string;
}

interface Indexed {
  readonly types: ReadonlyMap<string, { decl: TypeDecl; file: ContractFile }>;
}

function index(set: ContractSet): Indexed {
  const types = new Map<string, { decl: TypeDecl; file: ContractFile }>();
  for (const file of set.files) for (const decl of file.types) types.set(decl.fullName, { decl, file });
  return { types };
}

/** A canonical form of a type reference, for equality. */
const canon = (t: TypeRef): string => JSON.stringify(t);

/**
 * Compares `before` with `after` (both parsed into the IR) and lists every change that breaks
 * a caller or a server still running the other version. Protobuf messages are compared by
 * field number (names are free to change); JSON (TS-interface) messages by field name.
 * Additions of fields, methods, services and enum values are safe and not listed.
 */
export function findBreakingChanges(before: ContractSet, after: ContractSet): BreakingChange[] {
  const old = index(before);
  const cur = index(after);
  const out: BreakingChange[] = [];
  const here = (rule: string, location: SourceLocation, message: string) => out.push({ rule, location, inBaseline: false, message });
  const gone = (rule: string, location: SourceLocation, message: string) => out.push({ rule, location, inBaseline: true, message });

  const services = new Map(after.files.flatMap((f) => f.services.map((s) => [s.fullName, { s, f }] as const)));
  for (const file of before.files) {
    for (const was of file.services) {
      const now = services.get(was.fullName);
      if (!now) {
        gone('SERVICE_NO_DELETE', was.location, `service ${was.fullName} was removed; its callers get no route to queue ${was.queue}`);
        continue;
      }
      const { s, f } = now;
      if (s.queue !== was.queue) {
        here('SERVICE_SAME_QUEUE', s.location, `service ${s.fullName} changed its queue from "${was.queue}" to "${s.queue}"; callers and servers of different versions no longer meet`);
      }
      if (f.encoding !== file.encoding) {
        here('SERVICE_SAME_ENCODING', s.location, `service ${s.fullName} changed its encoding from ${file.encoding} to ${f.encoding} (content_type); the other side cannot decode the bodies`);
      }
      for (const m of was.methods) {
        const n = s.methods.find((x) => x.name === m.name);
        if (!n) {
          gone('RPC_NO_DELETE', m.location, `method ${m.fullName} was removed; its callers get UNIMPLEMENTED`);
          continue;
        }
        if (n.fullName !== m.fullName) {
          here('RPC_SAME_FULL_NAME', n.location, `method ${m.name} changed its full name (the AMQP type) from ${m.fullName} to ${n.fullName}`);
        }
        if ((n.kind ?? 'unary') !== (m.kind ?? 'unary')) {
          const shape = (k: string | undefined) => (k === 'serverStream' ? 'a stream of replies' : 'one reply');
          here('RPC_SAME_SERVER_STREAMING', n.location, `method ${n.fullName} changed from ${shape(m.kind)} to ${shape(n.kind)}; callers and servers of different versions no longer understand each other`);
        }
        for (const which of ['request', 'response'] as const) {
          if (canon(n[which]) !== canon(m[which])) {
            here(
              which === 'request' ? 'RPC_SAME_REQUEST_TYPE' : 'RPC_SAME_RESPONSE_TYPE',
              n.location,
              `method ${n.fullName} changed its ${which} type from ${describeType(m[which])} to ${describeType(n[which])}`,
            );
          }
        }
      }
    }
  }

  for (const [name, { decl: was, file }] of old.types) {
    const now = cur.types.get(name);
    if (!now) continue; // a removed type matters only where it was used, and those uses are reported
    const { decl, file: curFile } = now;
    if (decl.kind !== was.kind) {
      here('TYPE_SAME_KIND', decl.location, `${name} changed from ${KIND[was.kind]} to ${KIND[decl.kind]}`);
      continue;
    }
    if (decl.kind === 'message' && was.kind === 'message') {
      if (file.encoding === 'protobuf' && curFile.encoding === 'protobuf') compareProtoMessage(was, decl, here, gone);
      else compareJsonMessage(was, decl, here, gone);
    } else if (decl.kind === 'enum' && was.kind === 'enum') {
      compareEnum(was, decl, file.encoding === 'protobuf', here, gone);
    } else if (decl.kind === 'alias' && was.kind === 'alias' && canon(decl.type) !== canon(was.type)) {
      here('ALIAS_SAME_TYPE', decl.location, `type ${name} changed from ${describeType(was.type)} to ${describeType(decl.type)}`);
    }
  }
  return out;
}

const KIND = { message: 'a message', enum: 'an enum', alias: 'a type alias' } as const;

type Report = (rule: string, location: SourceLocation, message: string) => void;

function isReserved(msg: MessageDecl, field: FieldDecl): boolean {
  const r = msg.reserved;
  if (!r) return false;
  if (r.names.includes(field.name)) return true;
  return r.numbers.some((n) => (typeof n === 'number' ? n === field.number : field.number! >= n[0] && field.number! <= n[1]));
}

function compareProtoMessage(was: MessageDecl, now: MessageDecl, here: Report, gone: Report): void {
  for (const f of was.fields) {
    const byNumber = now.fields.find((x) => x.number === f.number);
    if (!byNumber) {
      const byName = now.fields.find((x) => x.name === f.name);
      if (byName) {
        here('FIELD_SAME_NUMBER', byName.location, `field ${now.fullName}.${f.name} changed its number from ${f.number} to ${byName.number}; peers of the other version read it as an unknown field`);
      } else if (!isReserved(now, f)) {
        gone(
          'FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED',
          f.location,
          `field ${was.fullName}.${f.name} (number ${f.number}) was removed without reserving its number; ` +
            `add "reserved ${f.number};" (and "reserved \\"${f.name}\\";") to ${now.fullName} so it is never reused`,
        );
      }
      continue;
    }
    compareField(was, f, byNumber, here);
  }
}

function compareJsonMessage(was: MessageDecl, now: MessageDecl, here: Report, gone: Report): void {
  for (const f of was.fields) {
    const n = now.fields.find((x) => x.name === f.name);
    if (!n) {
      gone('FIELD_NO_DELETE', f.location, `field ${was.fullName}.${f.name} was removed; JSON bodies name fields, so peers of the other version still send or expect it`);
      continue;
    }
    if (n.optional !== f.optional) {
      here('FIELD_SAME_OPTIONALITY', n.location, `field ${now.fullName}.${n.name} became ${n.optional ? 'optional' : 'required'}; ${n.optional ? 'old servers reject requests without it' : 'old callers do not send it'}`);
    }
    compareField(was, f, n, here);
  }
  for (const n of now.fields) {
    if (!n.optional && !was.fields.some((f) => f.name === n.name)) {
      here('FIELD_NO_NEW_REQUIRED', n.location, `required field ${now.fullName}.${n.name} was added; callers of the earlier version do not send it (make it optional)`);
    }
  }
}

function compareField(msg: MessageDecl, was: FieldDecl, now: FieldDecl, here: Report): void {
  const name = `${msg.fullName}.${now.name}`;
  if (canon(was.type) !== canon(now.type)) {
    here('FIELD_SAME_TYPE', now.location, `field ${name}${now.number !== undefined ? ` (number ${now.number})` : ''} changed type from ${describeType(was.type)} to ${describeType(now.type)}`);
  }
  if ((was.oneof ?? '') !== (now.oneof ?? '')) {
    const where = (o: string | undefined) => (o ? `oneof ${o}` : 'no oneof');
    here('FIELD_SAME_ONEOF', now.location, `field ${name} moved from ${where(was.oneof)} to ${where(now.oneof)}; setting it now clears (or no longer clears) its siblings`);
  }
}

function compareEnum(was: EnumDecl, now: EnumDecl, proto: boolean, here: Report, gone: Report): void {
  for (const v of was.values) {
    if (proto) {
      if (!now.values.some((x) => x.value === v.value)) {
        gone('ENUM_VALUE_NO_DELETE', v.location, `enum value ${was.fullName}.${v.name} (${v.value}) was removed; peers of the earlier version still send it`);
      }
      continue;
    }
    const n = now.values.find((x) => x.name === v.name);
    if (!n) gone('ENUM_VALUE_NO_DELETE', v.location, `enum value ${was.fullName}.${v.name} was removed; peers of the earlier version still send it`);
    else if (n.value !== v.value) {
      here('ENUM_VALUE_SAME_VALUE', n.location, `enum value ${now.fullName}.${n.name} changed from ${JSON.stringify(v.value)} to ${JSON.stringify(n.value)}`);
    }
  }
}
