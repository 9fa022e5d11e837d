// The conformance suite against memory(); rabbitmq.test.ts runs the same cases against RabbitMQ.
import { inMemory } from './broker-under-test.js';
import { runConformance } from './run-conformance.js';

runConformance(inMemory());
