import { makeMsIdentification, makeMsSurvey } from '@tianyan/testing';
import type { Finding } from './alert-witness';
import { defaultRuleDefinitions } from './default-rule-definitions';
import { ExposureWitness } from './exposure-witness';
import { feed } from '../testing/witness-feed';

const T = Date.UTC(2024, 5, 1, 2, 0, 0);
const exposureRules = defaultRuleDefinitions().flatMap((r) => (r.kind === 'exposure' ? [r] : []));

function witness(): { w: ExposureWitness; findings: Finding[] } {
  const findings: Finding[] = [];
  return { w: new ExposureWitness(exposureRules, (f) => findings.push(f)), findings };
}

const benzene = (concentration: number, unit: string, matchFactor: number) => ({ cas: '71-43-2', name: 'benzene', concentration, unit, matchFactor, retentionTimeS: 184.2 });

describe('exposure witness', () => {
  it('counts GC-MS identifications only from the rule’s match factor on, in ppm', () => {
    const { w, findings } = witness();
    feed(w, 'ms', 'ms-01', 'identification', makeMsIdentification({ ts: T, compounds: [benzene(60, 'ppm', 699)] }));
    expect(findings).toEqual([]);
    feed(w, 'ms', 'ms-01', 'identification', makeMsIdentification({ ts: T + 1000, compounds: [benzene(60, 'ppm', 700), benzene(2500, 'ppb', 900)] }));
    // benzene: blue from the OEL 1.88 ppm, yellow from AEGL-1 52 ppm
    expect(findings.map((f) => [f.subject, f.level])).toEqual([
      ['71-43-2', 'yellow'],
      ['71-43-2', 'blue'],
    ]);
  });

  it('converts survey values in mass units and ignores compounds without a rule', () => {
    const { w, findings } = witness();
    const gases = [
      { cas: '7783-06-4', name: 'hydrogen sulfide', value: 42, unit: 'mg/m3' }, // 30.1 ppm ≥ AEGL-2 27 ppm
      { cas: '1330-20-7', name: 'xylenes', value: 900, unit: 'ppm' },
    ];
    feed(w, 'ms', 'ms-02', 'survey', makeMsSurvey({ ts: T, gases }));
    expect(findings.map((f) => [f.deviceId, f.subject, f.level])).toEqual([['ms-02', '7783-06-4', 'orange']]);
    expect(findings[0]!.why()).toContain('hydrogen sulfide 30.13 ppm (survey) ≥ AEGL-2 (60 min) = 27 ppm');
  });
});
