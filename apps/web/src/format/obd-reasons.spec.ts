import { createTranslator } from '../i18n/i18n';
import { judgeInspection } from '@tianyan/contracts';
import { reasonText } from './obd-reasons';

describe('reasonText', () => {
  const j = judgeInspection({
    opacityKM1: [0.9, 1.0, 0.89], noxPpm: 1712, ureaPct: 24.1,
    obd: { commOk: true, mil: true, dtcs: ['P20EE', 'P2BAD'], readiness: { supported: 6, complete: 4 } },
  });
  it('writes each reason in Chinese', () => {
    expect(j.reasons.map((r) => reasonText(r, createTranslator('zh-CN')))).toEqual([
      '烟度 k 0.930 > 0.700', 'NOx 1712 > 900 ppm', '尿素 24.1% 超出 31.8–33.2', '故障灯亮', '故障码 P20EE P2BAD', '就绪 4/6',
    ]);
  });
  it('and in English', () => {
    expect(reasonText({ kind: 'comm' }, createTranslator('en'))).toBe('OBD comm failure');
    expect(reasonText(j.reasons[1]!, createTranslator('en'))).toBe('NOx 1712 > 900 ppm');
  });
});
