import type { Translate } from '../i18n/i18n';
import type { ObdReason } from '@tianyan/contracts';
import { formatValue } from './format';

/** One reason of a verdict as the inspection feed shows it ("k 0.93 > 0.7", "故障码 P20EE"). */
export function reasonText(reason: ObdReason, t: Translate): string {
  const v = reason.value === undefined ? '' : formatValue(reason.value);
  const limit = reason.limit === undefined ? '' : formatValue(reason.limit);
  switch (reason.kind) {
    case 'opacity':
      return t('reason.opacity', { value: v, limit });
    case 'nox':
      return t('reason.nox', { value: v, limit });
    case 'urea':
      return t('reason.urea', { value: v });
    case 'mil':
      return t('reason.mil');
    case 'dtc':
      return t('reason.dtc', { codes: (reason.codes ?? []).join(' ') });
    case 'comm':
      return t('reason.comm');
    case 'notReady':
      return t('reason.notReady', { value: v, limit });
  }
}
