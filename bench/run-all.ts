import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** `npm run bench`: every benchmark in turn (`--smoke` for the few-second CI variant). */
const BENCHES: [string, ...string[]][] = [
  ['parse.bench.js'], ['ingest.bench.js'], ['fanout.bench.js'],
  // Production's topology (ingest worker + api, Redis between them) at the target's 200 clients.
  ['fanout.bench.js', '--topology', 'split', '--clients', '200'],
  ['scale.bench.js'], ['soak.bench.js'], ['alerts.bench.js'], ['playback.bench.js'], ['situation.bench.js'],
];
const extra = process.argv.slice(2);
let failed = 0;
for (const [bench, ...args] of BENCHES) {
  console.log(`\n### ${bench} ${[...args, ...extra].join(' ')}`);
  const run = spawnSync(process.execPath, [resolve(__dirname, bench), ...args, ...extra], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
