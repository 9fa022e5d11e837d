// The conformance suite against the RabbitMQ at AMQP_URL; memory.test.ts runs the same cases on memory().
import { rabbitmq } from './broker-under-test.js';
import { runConformance } from './run-conformance.js';

runConformance(await rabbitmq());
