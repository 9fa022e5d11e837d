import type { Type } from 'ts-morph';
import type { FieldDecl } from '../../ir/contract.js';
import { pascal } from '../../ir/names.js';
import { Node } from './load-ts-morph.js';
import type { TsMapperHost } from './ts-mapper-host.js';
import { CLASS, FUNCTION } from './ts-rejections.js';
import { readDoc } from './ts-source.js';

/**
 * The fields of object type `type` (declared at `at`) of message `owner`: property signatures
 * in contract files only; an inline object type in a field is named `<owner>_<Field>`.
 */
export function mapFields(host: TsMapperHost, type: Type, at: Node, owner: string): FieldDecl[] {
  const fields: FieldDecl[] = [];
  for (const prop of type.getProperties()) {
    const decls = prop.getDeclarations();
    const decl = decls[0];
    const name = prop.getName();
    const where = `field ${owner}.${name}`;
    if (!decl) {
      host.error(at, `cannot read field ${owner}.${name}: declare it as \`${name}: T\``);
      continue;
    }
    if (Node.isMethodSignature(decl)) {
      host.reject(decl, where, FUNCTION);
      continue;
    }
    if (!Node.isPropertySignature(decl) || !host.source.isContract(decl)) {
      host.reject(decl, where, CLASS);
      continue;
    }
    if (decls.some((d) => Node.isPropertySignature(d) && d.getTypeNode()?.getText() !== decl.getTypeNode()?.getText())) {
      host.reject(at, where, ['the parts of this intersection give the field different types', 'one interface with one type per field instead']);
      continue;
    }
    if (name in Object.prototype || name === 'prototype') {
      host.error(decl, `field name \`${name}\` (${where}) is reserved: a missing \`${name}\` would read an inherited Object member (\`__proto__\`, \`constructor\` and \`prototype\` are never fields); rename the field`);
      continue;
    }
    const typeNode = decl.getTypeNode();
    if (!typeNode) {
      host.error(decl, `field ${owner}.${name} has no type: write \`${name}: T\``);
      continue;
    }
    const optional = decl.hasQuestionToken();
    const ref = host.map(typeNode, where, `${owner}_${pascal(name)}`, optional);
    if (!ref) continue;
    // `@deprecated` stays in the doc text (with its reason); the IR flag would print it twice.
    const doc = readDoc(decl);
    fields.push({
      name,
      tsName: name,
      type: ref,
      optional,
      readonly: decl.isReadonly() || undefined,
      doc: doc.text,
      location: host.source.locate(decl),
    });
  }
  return fields;
}
