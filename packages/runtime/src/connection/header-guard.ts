/**
 * @internal Keeps a hostile header table from taking a connection down.
 *
 * amqplib decodes every delivery's header table as soon as its frame arrives, recursively and
 * throwing on a field type it does not know; an exception there closes the whole connection.
 * RabbitMQ passes on what amqplib cannot read: a table nested 5000 deep (35 KB) overflows the
 * stack, a field of type `L` (unsigned 64-bit, which RabbitMQ accepts) is an "Unexpected type
 * tag". Either way every consumer on the connection goes down, the request is redelivered on
 * reconnect and takes it down again: one message stops a service.
 *
 * So each content header frame is read here first, without recursion, before amqplib sees it.
 * A table amqplib could not decode is replaced by an empty one, marked with
 * {@link HEADERS_REFUSED} (the reason); every other table gets {@link HEADER_TABLE} (its
 * encoded size and field count), which a server checks against its limits. Both are symbol
 * keys: a peer cannot send them, and handlers listing headers do not see them.
 *
 * It reaches into amqplib's connection (`recvFrame`, `rest`, `stream`); when those are not
 * there (another amqplib version) it does nothing and returns false.
 */

/** Nesting deeper than this (tables and arrays; a flat header table is 1) is refused. */
export const MAX_HEADER_DEPTH = 32;

/** On a delivery's headers: why its table was refused and emptied (a string). */
export const HEADERS_REFUSED: unique symbol = Symbol('warren.headersRefused');
/** On a delivery's headers: the table as it came, `{ bytes, fields }` (top-level fields). */
export const HEADER_TABLE: unique symbol = Symbol('warren.headerTable');

/** What {@link HEADER_TABLE} holds. */
export interface HeaderTableSize {
  /** Encoded size of the table on the wire, bytes (its length prefix). */
  readonly bytes: number;
  /** Number of top-level fields (headers). */
  readonly fields: number;
}

const FRAME_HEADER = 2;
const FRAME_OVERHEAD = 8; // type, channel, size; frame end
const HEADERS_FLAG = 0x2000;
// Bytes after the tag of each fixed-size field type amqplib decodes (codec.js decodeFields).
const FIXED: Record<number, number> = {};
for (const [tags, size] of [['tbB', 1], ['su', 2], ['Iif', 4], ['D', 5], ['ldT', 8], ['V', 0]] as const) {
  for (const t of tags) FIXED[t.charCodeAt(0)] = size;
}
const LONG = new Set(['S', 'x', 'F', 'A'].map((t) => t.charCodeAt(0)));

interface AmqplibConnection {
  recvFrame(): unknown;
  rest: Buffer;
  stream: { read(): Buffer | null };
  recvSinceLastCheck: boolean;
  maxFrameSize: number;
}

/** Installs the guard on an amqplib ChannelModel's connection; false when amqplib's internals differ. */
export function guardHeaderFrames(model: unknown): boolean {
  const connection = (model as { connection?: AmqplibConnection }).connection;
  if (!connection || typeof connection.recvFrame !== 'function' || !Buffer.isBuffer(connection.rest)) return false;
  const recvFrame = connection.recvFrame;
  connection.recvFrame = function guarded(this: AmqplibConnection) {
    // Make the next whole frame visible in `rest` (as amqplib would), so it is read here first.
    let size = frameSize(this.rest);
    while (size === undefined) {
      if (oversized(this)) return recvFrame.call(this); // amqplib refuses it at once
      const incoming = this.stream.read();
      if (incoming === null) return false;
      this.recvSinceLastCheck = true;
      this.rest = Buffer.concat([this.rest, incoming]);
      size = frameSize(this.rest);
    }
    if (this.rest[0] !== FRAME_HEADER) return recvFrame.call(this);
    const verdict = inspectHeaderFrame(this.rest.subarray(7, size - 1));
    if (verdict === undefined) return recvFrame.call(this);
    if (typeof verdict === 'string') this.rest = withEmptyTable(this.rest, size);
    const frame = recvFrame.call(this) as { fields?: { headers?: Record<PropertyKey, unknown> } };
    const headers = frame.fields?.headers;
    // Not enumerable: handlers see `context.headers` as the peer sent them (a spread or a
    // deep-equal ignores the mark), while the server's limit check still reads it.
    if (headers) Object.defineProperty(headers, typeof verdict === 'string' ? HEADERS_REFUSED : HEADER_TABLE, { value: verdict, configurable: true });
    return frame;
  };
  return true;
}

/** The length of the whole frame at the start of `rest`, or undefined until it has all arrived. */
function frameSize(rest: Buffer): number | undefined {
  if (rest.length < 7) return undefined;
  const size = rest.readUInt32BE(3) + FRAME_OVERHEAD;
  return rest.length >= size ? size : undefined;
}

function oversized(connection: AmqplibConnection): boolean {
  const max = connection.maxFrameSize;
  return connection.rest.length >= 7 && max > 0 && connection.rest.readUInt32BE(3) > max;
}

/** Where the header table's length prefix is in a content header payload, or -1 when it has none. */
function tableOffset(payload: Buffer): number {
  if (payload.length < 14) return -1;
  const flags = payload.readUInt16BE(12);
  if ((flags & HEADERS_FLAG) === 0) return -1;
  let at = 14;
  if (flags & 0x8000) at += 1 + (payload[at] ?? 0); // content-type
  if (flags & 0x4000) at += 1 + (payload[at] ?? 0); // content-encoding
  return at + 4 <= payload.length ? at : -1;
}

/**
 * A content header payload's header table: undefined when it has none (or is malformed, which
 * RabbitMQ does not pass on), the reason when amqplib could not decode it, else its size.
 */
export function inspectHeaderFrame(payload: Buffer): HeaderTableSize | string | undefined {
  const at = tableOffset(payload);
  if (at < 0) return undefined;
  const bytes = payload.readUInt32BE(at);
  const end = at + 4 + bytes;
  if (end > payload.length) return undefined;
  return scanTable(payload, at + 4, end, bytes);
}

/** Walks a field table with an explicit stack (no recursion: depth is the attack). */
function scanTable(buf: Buffer, start: number, end: number, bytes: number): HeaderTableSize | string | undefined {
  const ends: number[] = [];
  const inTables: boolean[] = [];
  let limit = end;
  let inTable = true;
  let fields = 0;
  let pos = start;
  for (;;) {
    if (pos === limit) {
      if (ends.length === 0) return { bytes, fields };
      limit = ends.pop()!;
      inTable = inTables.pop()!;
      continue;
    }
    if (inTable) {
      if (ends.length === 0) fields++;
      pos += 1 + buf[pos]!; // field name
    }
    if (pos >= limit) return undefined;
    const tag = buf[pos++]!;
    const fixed = FIXED[tag];
    if (fixed !== undefined) pos += fixed;
    else if (LONG.has(tag)) {
      if (pos + 4 > limit) return undefined;
      const length = buf.readUInt32BE(pos);
      pos += 4;
      if (tag === 0x46 || tag === 0x41) {
        // F (table) or A (array): descend
        if (pos + length > limit) return undefined;
        if (ends.length + 2 > MAX_HEADER_DEPTH) {
          return `the header table is nested more than ${MAX_HEADER_DEPTH} deep (tables and arrays)`;
        }
        ends.push(limit);
        inTables.push(inTable);
        limit = pos + length;
        inTable = tag === 0x46;
        continue;
      }
      pos += length;
    } else {
      return `a header has field type '${String.fromCharCode(tag)}' (0x${tag.toString(16)}), which warren cannot read; use a long string`;
    }
    if (pos > limit) return undefined;
  }
}

/** The frames in `rest` with the first one's header table emptied (a frame amqplib can decode). */
function withEmptyTable(rest: Buffer, size: number): Buffer {
  const payload = rest.subarray(7, size - 1);
  const at = tableOffset(payload);
  const bytes = payload.readUInt32BE(at);
  const cut = 7 + at + 4; // frame bytes up to the table's body
  const frame = Buffer.concat([rest.subarray(0, cut), rest.subarray(cut + bytes, size)]);
  frame.writeUInt32BE(0, 7 + at);
  frame.writeUInt32BE(size - bytes - FRAME_OVERHEAD, 3);
  return Buffer.concat([frame, rest.subarray(size)]);
}
