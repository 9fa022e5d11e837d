import type { AliasDecl, EnumDecl, FieldDecl, MessageDecl, TypeDecl } from '../ir/contract.js';
import type { EmitContext } from './emit-context.js';
import type { Printer } from './printer.js';
import { quote } from './json-codec-support.js';
import { tsType } from './ts-type.js';

/** Emits the TypeScript declaration of each type: interfaces, enums and aliases. */
export function emitTypeDecl(decl: TypeDecl, ctx: EmitContext, out: Printer): void {
  switch (decl.kind) {
    case 'message':
      return emitMessageType(decl, ctx, out);
    case 'enum':
      return emitEnum(decl, out);
    case 'alias':
      return emitAlias(decl, ctx, out);
  }
}

function emitMessageType(msg: MessageDecl, ctx: EmitContext, out: Printer): void {
  out.doc(msg.doc, `@generated from ${msg.fullName}`);
  out.block(`export interface ${msg.tsName} {`, () => {
    for (const field of msg.fields) {
      if (field.oneof) continue;
      emitField(field, ctx, out);
    }
    for (const oneof of msg.oneofs) {
      const variants = oneof.fields.map((name) => {
        const field = msg.fields.find((f) => f.tsName === name)!;
        return `{ $case: '${field.tsName}'; value: ${tsType(field.type, ctx)} }`;
      });
      const members = oneof.fields.map((name) => {
        const field = msg.fields.find((f) => f.tsName === name)!;
        const doc = field.doc?.replace(/\s*\n\s*/g, ' ');
        return doc ? `- \`${name}\`: ${doc}` : `- \`${name}\``;
      });
      out.doc(oneof.doc, 'At most one of (`$case` names the one that is set):', ...members);
      out.line(`${oneof.tsName}?:`);
      for (const v of variants) out.line(`  | ${v}`);
      out.line(`  | undefined;`);
    }
  });
}

function emitField(field: FieldDecl, ctx: EmitContext, out: Printer): void {
  const extra = field.deprecated ? ['@deprecated'] : [];
  out.doc(field.doc, ...extra);
  const type = tsType(field.type, ctx);
  const key = `${field.readonly ? 'readonly ' : ''}${propertyKey(field.tsName)}`;
  out.line(field.optional ? `${key}?: ${type} | undefined;` : `${key}: ${type};`);
}

function emitEnum(decl: EnumDecl, out: Printer): void {
  out.doc(decl.doc, `@generated from ${decl.fullName}`);
  out.block(`export enum ${decl.tsName} {`, () => {
    for (const v of decl.values) {
      out.doc(v.doc);
      out.line(`${v.tsName} = ${typeof v.value === 'string' ? quote(v.value) : v.value},`);
    }
  });
}

function emitAlias(decl: AliasDecl, ctx: EmitContext, out: Printer): void {
  out.doc(decl.doc);
  out.line(`export type ${decl.tsName} = ${tsType(decl.type, ctx)};`);
}

/** A property name as written in an interface: quoted when it is not an identifier (TS contracts). */
function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
