import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SituationAnalyzer } from './situation-analyzer';
import { mixedIncidentReadings } from './testing/mixed-incident-readings';
import { mixedIncidentSnapshots, snapshotDigest } from './testing/mixed-incident-snapshots';

/**
 * The analyzer keeps readings in compact forms (thermal frames reduced to what the extent reads,
 * samples in typed arrays); the pictures must stay exactly those of the plain implementation. The
 * expected digests were generated from that implementation (commit before the compaction) with
 * the same scenario: late and unusable frames, oblique looks, a fire that spreads then cools.
 */
const expected = JSON.parse(readFileSync(join(__dirname, 'testing/mixed-incident-snapshots.expected.json'), 'utf8')) as unknown[];

describe('SituationAnalyzer compact storage', () => {
  it('gives the same snapshots as before, byte for byte', () => {
    // Interpolation only, as when the digests were taken (the dispersion fit came later and has its own tests).
    const analyzer = new SituationAnalyzer({ windowS: 30, downwindDistanceM: 2000, thermalThresholdC: 60, dispersionFit: false });
    const digests = mixedIncidentSnapshots(analyzer, mixedIncidentReadings()).map(snapshotDigest);
    expect(digests).toEqual(expected);
    // The scenario exercises what the compaction could get wrong: a hot area that grows and shrinks.
    const areas = digests.map((d) => d.thermal![0]);
    expect(Math.max(...areas)).toBeGreaterThan(2 * areas[areas.length - 1]!);
  });
});
