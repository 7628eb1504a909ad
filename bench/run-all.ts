import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** `npm run bench`: every benchmark in turn (`--smoke` for the few-second CI variant). */
const BENCHES = ['parse.bench.js', 'ingest.bench.js', 'fanout.bench.js', 'scale.bench.js', 'soak.bench.js', 'alerts.bench.js', 'playback.bench.js', 'situation.bench.js'];
const extra = process.argv.slice(2);
let failed = 0;
for (const bench of BENCHES) {
  console.log(`\n### ${bench} ${extra.join(' ')}`);
  const run = spawnSync(process.execPath, [resolve(__dirname, bench), ...extra], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
