import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** `npm run bench`: every benchmark in turn (`--smoke` for the few-second CI variant). */
const BENCHES: [string, ...string[]][] = [
  ['parse.bench.js'], ['ingest.bench.js'], ['fanout.bench.js'],
  // Production's topology (ingest worker + api, Redis between them) at the target's 200 clients.
  ['fanout.bench.js', '--topology', 'split', '--clients', '200'],
  ['scale.bench.js'], ['soak.bench.js'], ['alerts.bench.js'], ['playback.bench.js'], ['situation.bench.js'],
  // The built screen in Chromium (not compiled: an ES module beside its sources).
  ['../../bench/ui/ui.bench.mjs'],
];
/** The UI bench drives Debian's Chromium, which `.ci/run` installs; elsewhere it may be missing. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const extra = process.argv.slice(2);
let failed = 0;
for (const [bench, ...args] of BENCHES) {
  console.log(`\n### ${bench} ${[...args, ...extra].join(' ')}`);
  if (bench.endsWith('ui.bench.mjs') && !existsSync(CHROMIUM)) {
    console.log(`skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    continue;
  }
  const run = spawnSync(process.execPath, [resolve(__dirname, bench), ...args, ...extra], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
