import type { ContractFile, TypeDecl } from '../../ir/contract.js';
import { ContractError } from '../../ir/contract-error.js';
import type { TypeRef } from '../../ir/type-ref.js';

/**
 * A generated module imports the types it uses from other modules by their TypeScript
 * names, so two types of the same name (`Money` here and `Money` from another package)
 * cannot meet in one module. Reports each such reference at its position.
 */
export function checkImportedNames(files: readonly ContractFile[], errors: ContractError[]): void {
  const index = new Map<string, { decl: TypeDecl; file: string }>();
  for (const f of files) for (const decl of f.types) index.set(decl.fullName, { decl, file: f.path });
  for (const f of files) {
    const names = new Map<string, string>(); // tsName -> fullName holding it in this module
    for (const decl of f.types) names.set(decl.tsName, decl.fullName);
    const use = (ref: TypeRef, at: ContractError['location']) => {
      for (const name of referencedNames(ref)) {
        const found = index.get(name);
        if (!found || found.file === f.path) continue;
        const holder = names.get(found.decl.tsName);
        if (holder === undefined) names.set(found.decl.tsName, name);
        else if (holder !== name) {
          errors.push(
            new ContractError(
              at,
              `${name} (from ${found.file}) and ${holder} are both named ${found.decl.tsName} in TypeScript, ` +
                `so the module generated for ${f.path} cannot use both: rename one of them`,
            ),
          );
        }
      }
    };
    for (const decl of f.types) if (decl.kind === 'message') for (const field of decl.fields) use(field.type, field.location);
    for (const s of f.services) {
      for (const m of s.methods) {
        use(m.request, m.location);
        use(m.response, m.location);
      }
    }
  }
}

/** Runtime names a generated module may import: with messages, with services, per well-known type. */
const CODEC_NAMES = ['ProtoMessageFns', 'ProtoReader', 'ProtoWriter', 'decodeFailure'];
const SERVICE_NAMES = [
  'CallContext', 'CallOptions', 'ClientOptions', 'ClientStats', 'Connection', 'MethodDefinition', 'RpcClient',
  'Server', 'ServerOptions', 'ServiceDefinition', 'protobufCodec', 'serve',
];
const WELL_KNOWN_NAMES: Record<string, string> = {
  'google.protobuf.Duration': 'Duration',
  'google.protobuf.Empty': 'Empty',
  'google.protobuf.Struct': 'JsonObject',
  'google.protobuf.Value': 'JsonValue',
  'google.protobuf.ListValue': 'JsonValue',
  'google.protobuf.Any': 'Any',
};

/**
 * A declared type named like something the module imports from @warren/runtime (`Server`
 * in a file with a service, `Duration` next to a google.protobuf.Duration field) would
 * clash with that import.
 */
export function checkRuntimeNames(files: readonly ContractFile[], errors: ContractError[]): void {
  for (const f of files) {
    const runtime = new Set<string>();
    if (f.types.some((t) => t.kind === 'message')) CODEC_NAMES.forEach((n) => runtime.add(n));
    if (f.services.length > 0) SERVICE_NAMES.forEach((n) => runtime.add(n));
    const visit = (ref: TypeRef): void => {
      if (ref.kind === 'wellKnown') {
        runtime.add(`${ref.name.slice('google.protobuf.'.length)}Fns`);
        const type = WELL_KNOWN_NAMES[ref.name];
        if (type) runtime.add(type);
      } else if (ref.kind === 'list') visit(ref.element);
      else if (ref.kind === 'map') visit(ref.value);
    };
    for (const t of f.types) if (t.kind === 'message') t.fields.forEach((field) => visit(field.type));
    for (const s of f.services) for (const m of s.methods) [m.request, m.response].forEach(visit);
    for (const t of f.types) {
      if (runtime.has(t.tsName)) {
        errors.push(
          new ContractError(
            t.location,
            `${t.fullName} is generated as ${t.tsName}, a name the module imports from @warren/runtime: rename it (for example ${t.tsName}Info)`,
          ),
        );
      }
    }
  }
}

function referencedNames(ref: TypeRef): string[] {
  switch (ref.kind) {
    case 'message':
    case 'enum':
      return [ref.name];
    case 'list':
      return referencedNames(ref.element);
    case 'map':
      return referencedNames(ref.value);
    default:
      return [];
  }
}
