import type { ContractFile } from '../../ir/contract.js';
import { ContractError } from '../../ir/contract-error.js';
import type { TypeRef } from '../../ir/type-ref.js';
import { CODEC_NAMES, SERVICE_NAMES, WELL_KNOWN_NAMES } from '../../emit/runtime-names.js';

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
