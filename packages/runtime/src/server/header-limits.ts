import { HEADER_TABLE, HEADERS_REFUSED, type HeaderTableSize } from '../connection/header-guard.js';
import { RpcError } from '../rpc-error.js';

/** @internal The default of {@link ServerOptions.maxHeaderBytes}: amqplib encodes no larger table. */
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
/** @internal The default of {@link ServerOptions.maxHeaders}. */
export const DEFAULT_MAX_HEADERS = 1000;

/**
 * @internal The error for a request whose header table breaks the server's limits, or
 * undefined. Over RabbitMQ the connection measured the table as it came (header-guard.ts);
 * a table it could not decode arrives emptied with the reason. Size and count are limits
 * (RESOURCE_EXHAUSTED, like the body's size); a table too deep or of an unreadable type is
 * malformed for this server (INVALID_ARGUMENT, like a body nested too deep).
 */
export function checkHeaderTable(headers: object, maxBytes: number, maxFields: number): RpcError | undefined {
  const tagged = headers as { [HEADERS_REFUSED]?: string; [HEADER_TABLE]?: HeaderTableSize };
  const refused = tagged[HEADERS_REFUSED];
  if (refused !== undefined) return new RpcError('INVALID_ARGUMENT', `request headers refused: ${refused}`);
  const table = tagged[HEADER_TABLE];
  // memory() has no wire: its headers come from a warren client, which keeps them within 32 KiB.
  const fields = table?.fields ?? Object.keys(headers).length;
  if (table !== undefined && table.bytes > maxBytes) {
    return new RpcError('RESOURCE_EXHAUSTED', `request header table of ${table.bytes} bytes exceeds the server's limit of ${maxBytes} (ServerOptions.maxHeaderBytes)`);
  }
  if (fields > maxFields) {
    return new RpcError('RESOURCE_EXHAUSTED', `request has ${fields} headers, over the server's limit of ${maxFields} (ServerOptions.maxHeaders)`);
  }
  return undefined;
}
