// A stream server in its own process, for the crash test: node --import tsx stream-worker.ts <url> <queue>
import { connect, serve, silentLogger } from '@warren/runtime';
import { newProbe, streamHandlers, streamService } from './stream-service.js';

const [url, queue] = process.argv.slice(2) as [string, string];
const conn = await connect(url, { logger: silentLogger });
await serve(conn, streamService(queue), streamHandlers(newProbe()));
console.log('ready');
