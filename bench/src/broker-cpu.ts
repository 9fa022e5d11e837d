import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ, 100 on every Linux build in use. */
const USER_HZ = 100;

/**
 * Reads the CPU time of the RabbitMQ node on this machine that listens on the URL's port (its
 * `beam.smp` process, from /proc), so the benchmark can say what each contender costs the broker per call. At c=128
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
  const port = Number(new URL(amqpUrl).port || 5672);
  // The node that listens on the URL's port: tests start private nodes of their own, whose
  // CPU is not the broker's, and which may die between two readings.
  const pid = listenerOf(port, beamPids());
  if (pid === undefined) return undefined;
  return () => cpuMicrosOf(pid);
}

/** The pid among `pids` holding the listening TCP socket on `port`, from /proc/net and /proc/<pid>/fd. */
function listenerOf(port: number, pids: string[]): string | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the 10th field.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return pids.length === 1 ? pids[0] : undefined;
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) return pid;
    }
  }
  return undefined;
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
