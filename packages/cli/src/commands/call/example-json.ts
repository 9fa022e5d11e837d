import type { ContractSet, TypeDecl, TypeRef } from '@warren/codegen';

/**
 * A sample request for the message `ref` names, built from the contract, for error messages:
 * `{"operation":"OPERATION_ADD","operands":[{"value":0,"label":""}]}`.
 */
export function exampleJson(contracts: ContractSet, ref: TypeRef): string {
  const decls = new Map<string, TypeDecl>();
  for (const f of contracts.files) for (const t of f.types) decls.set(t.fullName, t);
  const sample = (t: TypeRef, depth: number): unknown => {
    switch (t.kind) {
      case 'scalar':
        if (/64$/.test(t.scalar) && t.scalar !== 'double') return '0';
        if (t.scalar === 'bool') return false;
        if (t.scalar === 'string' || t.scalar === 'bytes') return '';
        return 0;
      case 'enum': {
        const d = decls.get(t.name);
        const values = d?.kind === 'enum' ? d.values : [];
        return (values[1] ?? values[0])?.name ?? 0;
      }
      case 'message': {
        const d = decls.get(t.name);
        if (d?.kind !== 'message' || depth > 2) return {};
        const out: Record<string, unknown> = {};
        for (const f of d.fields) if (!f.oneof) out[f.jsonName ?? f.tsName] = sample(f.type, depth + 1);
        return out;
      }
      case 'alias': {
        const d = decls.get(t.name);
        return d?.kind === 'alias' && depth <= 2 ? sample(d.type, depth + 1) : {};
      }
      case 'list':
        return [sample(t.element, depth + 1)];
      case 'map':
        return {};
      case 'wellKnown':
        if (t.name.endsWith('Timestamp')) return '2024-05-01T12:00:00Z';
        if (t.name.endsWith('Duration')) return '1.5s';
        return t.name.endsWith('Empty') || t.name.endsWith('Struct') ? {} : null;
      case 'date':
        return '2024-05-01T12:00:00.000Z';
      case 'literal':
        return t.value;
      case 'union':
        return t.variants[0] ? sample(t.variants[0], depth) : null;
      case 'nullable':
        return null;
    }
  };
  return JSON.stringify(sample(ref, 0));
}
