import { ALERT_LEVELS, type AlertLevel, type AlertRule, type AlertRuleInput, type GeofenceGeometry } from '@tianyan/contracts';
import { LEVEL_KEY, TRIGGER_KEY } from '../alerts/alert-text';
import { GEOFENCE_TRIGGERS, geofenceRuleFrom, type GeofenceTrigger } from '../alerts/geofence-rule-form';
import { t } from '../i18n/i18n';
import { h } from './dom';

export interface GeofenceFormContext {
  save(rule: AlertRuleInput): Promise<AlertRule>;
  saved(rule: AlertRule): void;
  cancel(): void;
}

/** Saves a drawn geofence as a rule: name, trigger, colour and (for dwell) seconds. */
export function geofenceForm(geometry: GeofenceGeometry, ctx: GeofenceFormContext): HTMLFormElement {
  const name = h('input', { class: 'form-input', testid: 'geofence-name', attrs: { maxlength: '120', required: '' } });
  const trigger = h('select', { class: 'form-input', testid: 'geofence-trigger' }, ...GEOFENCE_TRIGGERS.map((g) => h('option', { text: t(TRIGGER_KEY[g]), attrs: { value: g } })));
  const level = h('select', { class: 'form-input', testid: 'geofence-level' }, ...ALERT_LEVELS.map((l) => h('option', { text: t(LEVEL_KEY[l]), attrs: { value: l } })));
  level.value = 'orange';
  const dwell = h('input', { class: 'form-input', testid: 'geofence-dwell', attrs: { type: 'number', min: '1', step: '1', value: '300' } });
  const dwellRow = h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.dwell') }), dwell);
  const syncDwell = () => (dwellRow.hidden = trigger.value !== 'dwell');
  trigger.addEventListener('change', syncDwell);
  syncDwell();
  const errors = h('ul', { class: 'form-error', testid: 'geofence-errors', attrs: { role: 'alert' } });
  const save = h('button', { class: 'btn primary', testid: 'geofence-save', text: t('geo.save'), attrs: { type: 'submit' } });
  const cancel = h('button', { class: 'btn', text: t('geo.cancel'), attrs: { type: 'button' } });
  cancel.addEventListener('click', () => ctx.cancel());
  const form = h('form', { class: 'geofence-form', testid: 'geofence-form', attrs: { novalidate: '' } },
    h('label', { class: 'form-row required' }, h('span', { class: 'form-label', text: t('geo.name') }), name),
    h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.trigger') }), trigger),
    h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.level') }), level),
    dwellRow, errors, h('div', { class: 'form-buttons' }, cancel, save));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    // The usual slips in the screen's words; anything else in the schema's.
    const slips = [
      ...(name.value.trim() ? [] : [`${t('geo.name')}: ${t('action.required')}`]),
      ...(trigger.value === 'dwell' && !/^\d+$/.test(dwell.value.trim()) ? [`${t('geo.dwell')}: ${t(dwell.value.trim() ? 'action.invalid' : 'action.required')}`] : []),
    ];
    if (slips.length > 0) {
      errors.replaceChildren(...slips.map((m) => h('li', { text: m })));
      return;
    }
    const result = geofenceRuleFrom({ name: name.value, trigger: trigger.value as GeofenceTrigger, level: level.value as AlertLevel, dwellS: dwell.value }, geometry);
    if ('errors' in result) {
      errors.replaceChildren(...result.errors.map((m) => h('li', { text: m })));
      return;
    }
    errors.replaceChildren();
    save.disabled = true;
    ctx.save(result.rule).then(
      (rule) => ctx.saved(rule),
      (err: unknown) => {
        save.disabled = false;
        errors.replaceChildren(h('li', { text: t('geo.failed', { error: err instanceof Error ? err.message : String(err) }) }));
      },
    );
  });
  setTimeout(() => name.focus(), 0);
  return form;
}
