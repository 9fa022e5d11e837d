/// <reference types="node" preserve="true" />
/**
 * @warren/runtime/memory: an in-memory broker that stands in for RabbitMQ in tests. `memory()`
 * returns a `Connection` the same generated clients and servers run on; docs/testing.md says
 * what it models (and which RabbitMQ 4.3 rules it enforces).
 */
export { memory, type MemoryOptions } from './memory.js';
export { MemoryBroker } from './memory-broker.js';
export { MemoryConnection, type ConnectionLossOptions } from './memory-connection.js';
