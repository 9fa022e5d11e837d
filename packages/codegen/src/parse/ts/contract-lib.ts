/**
 * The global types a TypeScript contract may name, declared just enough for the type mapper,
 * which recognises them by name: it never reads their members. It replaces TypeScript's own
 * lib (`noLib`): scanning and binding lib.es*.d.ts took most of a cold `warren codegen`.
 * The first group is what the checker itself needs; the rest are names the mapper accepts
 * (Date, Uint8Array, arrays, Record) or rejects with advice (ts-rejections.ts), so a contract
 * that names them gets that advice instead of "cannot resolve".
 */
export const CONTRACT_LIB_PATH = '/__warren__/contract-lib.d.ts';

/** Source of {@link CONTRACT_LIB_PATH}. */
export const CONTRACT_LIB = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {}
interface Function {}
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
interface Symbol {}
interface TemplateStringsArray extends ReadonlyArray<string> {}
interface PromiseLike<T> {}
interface Promise<T> {}
interface Date {}
interface Uint8Array {}
interface ArrayBuffer {}
interface Buffer extends Uint8Array {}
interface Error {}
interface Map<K, V> {}
interface ReadonlyMap<K, V> {}
interface WeakMap<K extends object, V> {}
interface Set<T> {}
interface ReadonlySet<T> {}
interface WeakSet<T extends object> {}
type Record<K extends keyof any, T> = { [P in K]: T };
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Awaited<T> = T;
type ReturnType<T> = unknown;
type Parameters<T> = unknown[];
type InstanceType<T> = unknown;
type Uppercase<S extends string> = string;
type Lowercase<S extends string> = string;
type Capitalize<S extends string> = string;
type Uncapitalize<S extends string> = string;
type PropertyKey = string | number | symbol;
interface ArrayLike<T> {}
interface Iterable<T> {}
interface Iterator<T> {}
interface IterableIterator<T> {}
interface AsyncIterable<T> {}
interface Generator<T> {}
interface BigInt {}
interface DataView {}
interface SharedArrayBuffer {}
interface Int8Array {}
interface Uint8ClampedArray {}
interface Int16Array {}
interface Uint16Array {}
interface Int32Array {}
interface Uint32Array {}
interface Float32Array {}
interface Float64Array {}
interface BigInt64Array {}
interface BigUint64Array {}
interface WeakRef<T extends object> {}
interface URL {}
`;
