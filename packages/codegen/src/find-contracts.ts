import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every contract under `dir`, relative with `/` separators, sorted: `.proto` files and `.ts` files (not `.d.ts`). */
export function findContracts(dir: string): { proto: string[]; ts: string[] } {
  const proto: string[] = [];
  const ts: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(child);
      } else if (entry.name.endsWith('.proto')) proto.push(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) ts.push(child);
    }
  };
  walk('');
  return { proto: proto.sort(), ts: ts.sort() };
}
