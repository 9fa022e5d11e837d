import type { ProtoMessage } from './message-desc.js';

/**
 * Every message type whose companion object was built in this process (generated modules
 * build theirs when imported; `warren call` builds them from the contracts), by full name.
 * ProtoJSON needs it for google.protobuf.Any: `{"@type": ".../shop.v1.Product", ...}` is
 * written and read through the named type's fields.
 */
const types = new Map<string, ProtoMessage<object>>();

/** @internal Records a message type for {@link findMessageType}; a later one of the same name replaces it. */
export function registerMessageType(type: ProtoMessage<object>): void {
  types.set(type.typeName, type);
}

/** @internal The message type named `typeName` (`shop.v1.Product`), if one was registered. */
export function findMessageType(typeName: string): ProtoMessage<object> | undefined {
  return types.get(typeName);
}
