import { judgeInspectionWithLimits, OBD_LIMITS, type DeviceReading, type ObdReason, type Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';

const STANDARD = 'GB 3847-2018';

/**
 * The server's verdict on each roadside inspection, per vehicle (subject = VIN). Inspections come
 * minutes apart, so every one is reported; a pass clears what an earlier inspection of that VIN raised.
 */
export class ObdRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = ['obd/inspection'];

  constructor(readonly rule: StoredRule<'obd'>) {}

  evaluate(reading: DeviceReading, out: Finding[]): void {
    if (reading.stream !== 'obd/inspection') return;
    const d = reading.data;
    const judgement = judgeInspectionWithLimits(
      { opacityKM1: d.opacity.kM1, noxPpm: d.noxPpm ?? null, ureaPct: d.ureaPct ?? null, obd: d.obd },
      this.rule.limitSet,
    );
    const level = judgement.verdict === 'fail' ? this.rule.failLevel : judgement.verdict === 'retest' ? this.rule.retestLevel : null;
    const basis = `${STANDARD} limit ${this.rule.limitSet}`;
    const reasons = judgement.reasons.map((r) => ({ kind: r.kind, value: r.value ?? null, limit: r.limit ?? null, codes: r.codes ? [...r.codes] : [] }));
    const verdictText = judgement.verdict === 'fail' ? 'fails' : judgement.verdict === 'retest' ? 'needs a re-test under' : 'passes';
    const because = judgement.reasons.length ? `: ${judgement.reasons.map(describeReason).join('; ')}` : '';
    out.push(
      readingFinding(this.rule, reading, {
        subject: d.vin,
        status: level === null ? 'clear' : 'level',
        level,
        severity: null,
        measure: {
          value: judgement.meanK,
          limit: null,
          unit: null,
          basis,
          facts: { vin: d.vin, plate: d.plate, verdict: judgement.verdict, limitSet: this.rule.limitSet, reasons },
        },
        title: `${d.plate} (${d.vin}) ${verdictText} ${basis}${because}`,
      }),
    );
  }
}

function describeReason(r: ObdReason): string {
  switch (r.kind) {
    case 'opacity':
      return `opacity k ${formatNumber(r.value!)} m⁻¹ > ${formatNumber(r.limit!)} m⁻¹`;
    case 'nox':
      return `NOx ${formatNumber(r.value!)} ppm > ${formatNumber(r.limit!)} ppm`;
    case 'urea':
      return `urea ${formatNumber(r.value!)} % outside ${OBD_LIMITS.urea.min}–${OBD_LIMITS.urea.max} %`;
    case 'mil':
      return 'MIL on';
    case 'dtc':
      return `${r.value} emission DTC(s) ${(r.codes ?? []).join(', ')}`;
    case 'comm':
      return 'no OBD communication';
    case 'notReady':
      return `${r.value} of ${r.limit} readiness monitors complete`;
  }
}
