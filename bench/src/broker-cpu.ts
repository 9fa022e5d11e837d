import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ, 100 on every Linux build in use. */
const USER_HZ = 100;

/**
 * Reads the CPU time of the RabbitMQ node on this machine (its `beam.smp` processes, from
 * /proc), so the benchmark can say what each contender costs the broker per call. At c=128
 * the broker is what the two cores run out on: a client that makes the broker work less per
 * call leaves it more of the machine. Returns undefined when the broker is not local (another
 * host in AMQP_URL; URL gives an IPv6 host in brackets) or /proc is not there: the report then shows "-".
 */
export function brokerCpuReader(amqpUrl: string): (() => number) | undefined {
  let host: string;
  try {
    host = new URL(amqpUrl).hostname;
  } catch {
    return undefined;
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return undefined;
  const pids = beamPids();
  if (pids.length === 0) return undefined;
  return () => pids.reduce((sum, pid) => sum + cpuMicrosOf(pid), 0);
}

function beamPids(): string[] {
  try {
    return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && commOf(entry) === 'beam.smp');
  } catch {
    return [];
  }
}

function commOf(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** utime + stime of one process, µs; 0 once it is gone. */
function cpuMicrosOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / USER_HZ;
  } catch {
    return 0;
  }
}
