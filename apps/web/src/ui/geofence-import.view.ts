import { ALERT_LEVELS, type AlertLevel, type AlertRule, type GeofenceImportRequest, type GeofenceImportResult } from '@tianyan/contracts';
import { AlertApiError } from '../alerts/alert-api';
import { LEVEL_KEY, TRIGGER_KEY } from '../alerts/alert-text';
import { GEOFENCE_TRIGGERS, type GeofenceTrigger } from '../alerts/geofence-rule-form';
import { precheckGeoJson, type GeoJsonPrecheck } from '../alerts/geojson-precheck';
import { t } from '../i18n/i18n';
import { h, setAttr } from './dom';
import { importMessages, onGeoJsonFile } from './geojson-file-picker';

export interface GeofenceImportContext {
  send(request: GeofenceImportRequest): Promise<GeofenceImportResult>;
  imported(created: readonly AlertRule[]): void;
  close(): void;
}

/**
 * Uploads a GeoJSON file as geofence rules. The file is checked in the browser first (the same
 * function the server runs): what would be created, each feature's error, each warning. The import
 * is all or nothing, so a file with errors cannot be sent; the server's answer is shown the same way.
 */
export function geofenceImport(ctx: GeofenceImportContext): HTMLElement {
  const file = h('input', { class: 'form-file', testid: 'geofence-file', attrs: { type: 'file', accept: '.geojson,.json,application/geo+json,application/json' } });
  const trigger = h('select', { class: 'form-input', testid: 'geofence-import-trigger' }, ...GEOFENCE_TRIGGERS.map((g) => h('option', { text: t(TRIGGER_KEY[g]), attrs: { value: g } })));
  const level = h('select', { class: 'form-input', testid: 'geofence-import-level' }, ...ALERT_LEVELS.map((l) => h('option', { text: t(LEVEL_KEY[l]), attrs: { value: l } })));
  level.value = 'orange';
  const dwell = h('input', { class: 'form-input', testid: 'geofence-import-dwell', attrs: { type: 'number', min: '1', step: '1', value: '300' } });
  const dwellRow = h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.dwell') }), dwell);
  const summary = h('div', { class: 'import-summary', testid: 'geofence-import-check' });
  const result = h('div', { class: 'import-result', testid: 'geofence-import-result', attrs: { 'data-created': '0', 'data-created-ids': '[]' } });
  const send = h('button', { class: 'btn primary', testid: 'geofence-import-submit', text: t('geo.import'), attrs: { type: 'button' } });
  const close = h('button', { class: 'btn', testid: 'geofence-import-close', text: t('geo.close'), attrs: { type: 'button' } });
  let text: string | null = null;
  let check: GeoJsonPrecheck | null = null;

  const defaults = () => ({
    trigger: trigger.value as GeofenceTrigger,
    level: level.value as AlertLevel,
    ...(trigger.value === 'dwell' && dwell.value.trim() ? { dwellS: Number(dwell.value) } : {}),
  });
  const recheck = () => {
    dwellRow.hidden = trigger.value !== 'dwell';
    if (text === null) {
      send.disabled = true;
      return;
    }
    check = precheckGeoJson(text, defaults());
    summary.replaceChildren(
      h('p', { class: 'import-count', text: t('geo.willCreate', { n: check.rules.length }) }),
      ...importMessages(t('geo.errors'), check.errors, 'errors'),
      ...importMessages(t('geo.warnings'), check.warnings, 'warnings'),
    );
    setAttr(summary, 'data-rules', String(check.rules.length));
    setAttr(summary, 'data-errors', String(check.errors.length));
    send.disabled = check.rules.length === 0 || check.errors.length > 0;
  };
  onGeoJsonFile({ file, summary, result }, (content) => {
    text = content;
    recheck();
  });
  trigger.addEventListener('change', recheck);
  level.addEventListener('change', recheck);
  dwell.addEventListener('input', recheck);
  close.addEventListener('click', () => ctx.close());
  send.addEventListener('click', () => {
    if (!check || check.geojson === null) return;
    send.disabled = true;
    ctx.send({ geojson: check.geojson, ...defaults() }).then(
      (res) => {
        setAttr(result, 'data-created', String(res.created.length));
        setAttr(result, 'data-created-ids', JSON.stringify(res.created.map((r) => r.id)));
        result.replaceChildren(h('p', { class: 'import-head ok', text: t('geo.created', { n: res.created.length }) }), ...importMessages(t('geo.warnings'), res.warnings, 'warnings'));
        ctx.imported(res.created);
      },
      (e: unknown) => {
        send.disabled = false;
        const details = e instanceof AlertApiError && e.details.length > 0 ? e.details : [e instanceof Error ? e.message : String(e)];
        result.replaceChildren(...importMessages(t('geo.errors'), details, 'errors'));
      },
    );
  });
  recheck();
  return h('div', { class: 'geofence-import', testid: 'geofence-import' },
    h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.file') }), file),
    h('p', { class: 'muted', text: t('geo.defaults') }),
    h('div', { class: 'form-inline' },
      h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.trigger') }), trigger),
      h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('geo.level') }), level),
      dwellRow),
    summary, result,
    h('div', { class: 'form-buttons' }, close, send));
}
