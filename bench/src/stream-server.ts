// The stream bench's server, in its own process: node bench/dist/bench/src/stream-server.js <url> <queue>
// Prints "ready", then "rss <bytes>" every 200 ms.
import { connect, serve, silentLogger } from '@warren/runtime';
import { streamBenchService } from './stream-method.js';

const [url, queue] = process.argv.slice(2) as [string, string];
const conn = await connect(url, { logger: silentLogger });
await serve(conn, streamBenchService(queue), {
  async *count(req) {
    for (let i = 0n; i < req.n; i++) yield { result: i };
  },
  async *endless() {
    for (let i = 0n; ; i++) yield { result: i };
  },
});
console.log('ready');
setInterval(() => console.log(`rss ${process.memoryUsage().rss}`), 200);
process.stdin.on('end', () => process.exit(0)).resume();
