import type { TypeReferenceNode } from 'ts-morph';
import type { TypeRef } from '../../ir/type-ref.js';
import { SyntaxKind } from './load-ts-morph.js';
import type { TsMapperHost } from './ts-mapper-host.js';
import { REJECTED_GLOBALS } from './ts-rejections.js';

/**
 * Maps a reference to a type declared outside contracts/ (`name`): `Date`, `Uint8Array`,
 * `Array<T>`, `ReadonlyArray<T>` and `Record<string, T>` are data; other globals are rejected
 * with what to write instead.
 */
export function mapGlobalType(host: TsMapperHost, node: TypeReferenceNode, name: string, where: string, owner: string): TypeRef | undefined {
  const args = node.getTypeArguments();
  if (name === 'Date' && args.length === 0) return { kind: 'date' };
  if (name === 'Uint8Array' && args.length === 0) return { kind: 'scalar', scalar: 'bytes' };
  if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) {
    const element = host.map(args[0]!, where, owner);
    if (!element) return undefined;
    return name === 'ReadonlyArray' ? { kind: 'list', element, readonly: true } : { kind: 'list', element };
  }
  if (name === 'Record' && args.length === 2) {
    if (args[0]!.getKind() !== SyntaxKind.StringKeyword) {
      return host.reject(node, where, ['JSON object keys are strings', `\`Record<string, ${args[1]!.getText()}>\` instead`]);
    }
    const value = host.map(args[1]!, where, owner);
    return value && { kind: 'map', key: 'string', value };
  }
  const known = REJECTED_GLOBALS[name];
  if (known) {
    // Name the replacement with the contract's own type arguments: `Record<string, number>`.
    const [why, instead] = known;
    const arg = args[args.length - 1]?.getText();
    return host.reject(node, where, [why, arg ? instead.replace(/\b[VT]\b/, arg) : instead]);
  }
  return host.reject(node, where, [
    `\`${name}\` is declared outside contracts/`,
    'an interface or type alias in a file under contracts/ instead',
  ]);
}
