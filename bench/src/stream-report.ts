import type { StreamResults } from './stream-part.js';
import type { TargetVerdict } from './targets.js';
import { median, MiB, mib } from './numbers.js';

/** The server-streaming targets of issue 20, judged on this run. */
export function judgeStreamTargets(s: StreamResults | undefined): TargetVerdict[] {
  const row = s?.rows.find((r) => r.credit === 32);
  const rate = row ? median(row.itemsPerSecond) : undefined;
  const grew = s ? Math.max(s.slow.clientPeak - s.slow.clientStart, s.slow.serverPeak - s.slow.serverStart) / MiB : undefined;
  return [
    {
      target: 'one stream of small items >= 50,000 items/s (default credit 32)',
      measured: rate === undefined ? '-' : `${Math.round(rate)} items/s (median of ${row!.itemsPerSecond.length} rounds; ${row!.itemsPerSecond.map((r) => Math.round(r)).join(', ')})`,
      verdict: rate === undefined ? 'not measured' : rate >= 50_000 ? 'met' : 'not met',
    },
    {
      target: 'slow consumer: client and server RSS bounded by the credit window (each grows < 10 MiB while an endless stream is read at 100 items/s)',
      measured: s ? `client ${mib(s.slow.clientStart)} -> ${mib(s.slow.clientPeak)} MiB, server ${mib(s.slow.serverStart)} -> ${mib(s.slow.serverPeak)} MiB over ${s.slow.seconds} s` : '-',
      verdict: grew === undefined ? 'not measured' : grew < 10 ? 'met' : 'not met',
    },
  ];
}

/** The "Server streaming" table of the generated section. */
export function renderStreams(s: StreamResults): string[] {
  const lines = [
    '### Server streaming (same run)',
    '',
    `One stream of ${s.rows[0]?.items ?? '-'} small items (\`CalculateReply\`, a few bytes each) from an \`async function*\` server in its own process to a \`for await\` loop; warren batches the items a handler yields at once and grows the caller's window when it waits (docs/protocol.md 8.2-8.3).`,
    '',
    '| initial credit | items/s (median) | single rounds | client CPU µs/item (median) |',
    '| --: | --: | --- | --: |',
  ];
  for (const row of s.rows) {
    lines.push(
      `| ${row.credit} | **${Math.round(median(row.itemsPerSecond))}** | ${row.itemsPerSecond.map((r) => Math.round(r)).join(', ')} | ${median(row.clientCpuMicrosPerItem).toFixed(2)} |`,
    );
  }
  const slow = s.slow;
  lines.push(
    '',
    `Slow consumer (credit ${slow.credit}, an endless stream read at ~100 items/s, ${slow.itemsRead} items in ${slow.seconds} s): client RSS ${mib(slow.clientStart)} -> peak ${mib(slow.clientPeak)} MiB, server RSS ${mib(slow.serverStart)} -> peak ${mib(slow.serverPeak)} MiB.`,
    '',
  );
  return lines;
}
