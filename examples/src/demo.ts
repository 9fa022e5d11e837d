// `npm run demo`: starts the calculator service in a child process and calls it through
// RabbitMQ from this one, printing every call and its result.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { connect, redactUrl } from '@warren/runtime';
import { runCalls } from './calculator-caller.js';

const url = process.env.AMQP_URL ?? 'amqp://localhost';
const print = (line: string) => process.stdout.write(`${line}\n`);

const conn = await connect(url).catch((err: Error) => {
  print(`No RabbitMQ answers at ${redactUrl(url)}: ${err.message}`);
  print('Start one (Debian: sudo rabbitmq-server -detached) or set AMQP_URL.');
  process.exit(1);
});
print(`connected to RabbitMQ at ${redactUrl(url)}`);

const service = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./calculator-service.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, AMQP_URL: url },
});
const [ready] = (await once(service.stdout!, 'data')) as [Buffer];
print(`[service] ${ready.toString().trim()}`);

try {
  await runCalls(conn, (line) => print(`[caller]  ${line}`));
} finally {
  service.kill('SIGTERM');
  await once(service, 'exit');
  await conn.close();
}
print('service drained and stopped; done');
