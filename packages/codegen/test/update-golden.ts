// Regenerates every golden case's expected/ output: `npm run golden:update`.
// Review the diff before committing it: it is the generator's behaviour change.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { writeGenerated } from '../src/index.js';
import { generateCase, goldenCases } from './golden-cases.js';

for (const c of goldenCases()) {
  rmSync(c.expectedDir, { recursive: true, force: true });
  const files = generateCase(c);
  writeGenerated(c.expectedDir, files);
  process.stdout.write(`${c.name}: ${files.length} file(s) -> ${path.relative(process.cwd(), c.expectedDir)}\n`);
}
