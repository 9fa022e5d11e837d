/** The runtime checks the JSON codec emitter calls for each scalar kind TS contracts use. */

/** The runtime check that decodes each scalar kind TS contracts use. */
export const SCALAR_DECODE: Partial<Record<string, string>> = {
  string: 'jsonString',
  double: 'jsonNumber',
  bool: 'jsonBoolean',
  int64: 'bigintFromJson',
  bytes: 'bytesFromJson',
};
/** The runtime check that encodes each scalar kind. */
export const SCALAR_ENCODE: Partial<Record<string, string>> = {
  string: 'jsonString',
  double: 'jsonNumber',
  bool: 'jsonBoolean',
  int64: 'bigintToJson',
  bytes: 'bytesToJson',
};
/** Scalar kinds in helper names (`decodeListOfString`). */
export const SCALAR_NAME: Partial<Record<string, string>> = { string: 'String', double: 'Number', bool: 'Boolean', int64: 'Bigint', bytes: 'Bytes' };
