import { ContractError } from '../../ir/contract-error.js';
import { formatLocation } from '../../ir/source-location.js';
import { MAX_FIELD_NUMBER, type DeclSite, type FieldSite, type ProtoLocator } from './proto-locator.js';

/**
 * Checks what protobufjs either misses or reports without a position: the syntax statement,
 * imports that resolve nowhere, field numbers (range, duplicates, reserved), names
 * (duplicates, reserved), proto3's zero first enum value, and declarations that clash with
 * a declaration elsewhere. Returns every problem found, each at file:line:column.
 * `declared` is shared across files so duplicate type names are found across the set.
 */
export function checkProtoSource(
  locator: ProtoLocator,
  file: string,
  resolves: (importPath: string) => boolean,
  declared: Map<string, DeclSite>,
): ContractError[] {
  const errors: ContractError[] = [];
  const syntax = locator.syntax;
  if (!syntax) {
    errors.push(
      new ContractError(
        { file, line: 1, column: 1 },
        'expected `syntax = "proto3";` as the first statement: warren reads proto3 contracts, and a file without it is proto2',
      ),
    );
  } else if (syntax.keyword !== 'syntax' || syntax.value !== 'proto3') {
    errors.push(
      new ContractError(
        syntax.at,
        `expected "proto3", found ${syntax.keyword} "${syntax.value}": warren reads proto3 contracts (write \`syntax = "proto3";\`)`,
      ),
    );
  }
  for (const imp of locator.imports) {
    if (!resolves(imp.path)) {
      errors.push(
        new ContractError(
          imp.at,
          `cannot find import "${imp.path}": expected a path relative to the contracts directory or an include path ` +
            `(for example import "common/v1/money.proto";)`,
        ),
      );
    }
  }
  // Enum values are siblings of their enum (C++ scoping): two enums of one scope cannot share a value name.
  const enumValues = new Map<string, string>();
  for (const decl of locator.decls) {
    if (decl.kind !== 'enum') continue;
    const scope = decl.fullName.slice(0, Math.max(0, decl.fullName.lastIndexOf('.')));
    for (const v of decl.fields) {
      const key = `${scope}.${v.name}`;
      const owner = enumValues.get(key);
      if (owner && owner !== decl.fullName) {
        const short = decl.fullName.split('.').pop()!;
        errors.push(
          new ContractError(
            v.at,
            `enum value ${v.name} of ${decl.fullName} clashes with ${v.name} of ${owner}: enum values share the scope of their enum ` +
              `in protobuf, so prefix them with the enum's name (${short.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_${v.name})`,
          ),
        );
      } else enumValues.set(key, decl.fullName);
    }
  }
  for (const decl of locator.decls) {
    const other = declared.get(decl.fullName);
    if (other) {
      errors.push(new ContractError(decl.at, `${decl.fullName} is already declared at ${formatLocation(other.at)}: rename one of them`));
      continue;
    }
    declared.set(decl.fullName, decl);
    if (decl.kind === 'message') errors.push(...checkFields(decl));
    if (decl.kind === 'enum') errors.push(...checkEnum(decl));
  }
  return errors;
}

function checkFields(decl: DeclSite): ContractError[] {
  const errors: ContractError[] = [];
  const byNumber = new Map<number, FieldSite>();
  const byName = new Map<string, FieldSite>();
  for (const f of decl.fields) {
    const sameName = byName.get(f.name);
    if (sameName) {
      errors.push(new ContractError(f.at, `duplicate field name "${f.name}" in ${decl.fullName}: it is already declared at line ${sameName.at.line}`));
    } else byName.set(f.name, f);
    if (Number.isNaN(f.number)) continue; // a syntax error protobufjs reports
    if (f.number < 1 || f.number > MAX_FIELD_NUMBER) {
      errors.push(new ContractError(f.numberAt, `field number ${f.number} of ${decl.fullName}.${f.name} is out of range: expected 1 to ${MAX_FIELD_NUMBER}`));
    } else if (f.number >= 19000 && f.number <= 19999) {
      errors.push(new ContractError(f.numberAt, `field number ${f.number} of ${decl.fullName}.${f.name} is reserved for the protobuf implementation (19000 to 19999): pick another`));
    }
    const sameNumber = byNumber.get(f.number);
    if (sameNumber) {
      errors.push(
        new ContractError(
          f.numberAt,
          `duplicate field number ${f.number} in ${decl.fullName}: "${f.name}" reuses the number of "${sameNumber.name}" (line ${sameNumber.at.line}); ` +
            'expected a number no other field of the message uses',
        ),
      );
    } else byNumber.set(f.number, f);
    errors.push(...reservedViolations(decl, f, 'field'));
  }
  return errors;
}

function checkEnum(decl: DeclSite): ContractError[] {
  const errors: ContractError[] = [];
  const first = decl.fields[0];
  if (first && first.number !== 0) {
    const prefix = decl.fullName.split('.').pop()!.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    errors.push(
      new ContractError(
        first.numberAt,
        `the first value of enum ${decl.fullName} must be 0 in proto3 (it is the default): add for example ${prefix}_UNSPECIFIED = 0; first`,
      ),
    );
  }
  const byNumber = new Map<number, FieldSite>();
  const byName = new Map<string, FieldSite>();
  for (const v of decl.fields) {
    const sameName = byName.get(v.name);
    if (sameName) errors.push(new ContractError(v.at, `duplicate enum value "${v.name}" in ${decl.fullName}: already declared at line ${sameName.at.line}`));
    else byName.set(v.name, v);
    const sameNumber = byNumber.get(v.number);
    if (sameNumber && !decl.allowAlias) {
      errors.push(
        new ContractError(
          v.numberAt,
          `duplicate enum number ${v.number} in ${decl.fullName}: "${v.name}" and "${sameNumber.name}" (line ${sameNumber.at.line}); ` +
            'expected distinct numbers, or `option allow_alias = true;` in the enum',
        ),
      );
    } else if (!sameNumber) byNumber.set(v.number, v);
    errors.push(...reservedViolations(decl, v, 'value'));
  }
  return errors;
}

function reservedViolations(decl: DeclSite, f: FieldSite, what: 'field' | 'value'): ContractError[] {
  const errors: ContractError[] = [];
  for (const r of decl.reserved) {
    if (r.names.includes(f.name)) {
      errors.push(
        new ContractError(f.at, `${what} name "${f.name}" is reserved in ${decl.fullName} (line ${r.at.line}): expected a name that is not reserved`),
      );
    }
    if (r.ranges.some(([lo, hi]) => f.number >= lo && f.number <= hi)) {
      errors.push(
        new ContractError(
          f.numberAt,
          `${what} number ${f.number} of "${f.name}" is reserved in ${decl.fullName} (line ${r.at.line}): ` +
            'expected a number that is not reserved; reserved numbers belong to removed fields and must not be reused',
        ),
      );
    }
  }
  return errors;
}
