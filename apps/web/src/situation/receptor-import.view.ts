import { RECEPTOR_KINDS, receptorsFromGeoJson, type ReceptorImportRequest, type ReceptorImportResult, type ReceptorKind } from '@tianyan/contracts';
import { AlertApiError } from '../alerts/alert-api';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h, setAttr } from '../ui/dom';
import { importMessages, onGeoJsonFile } from '../ui/geojson-file-picker';

export interface ReceptorImportContext {
  send(request: ReceptorImportRequest): Promise<ReceptorImportResult>;
  imported(count: number): void;
  close(): void;
}

export interface ReceptorPrecheck {
  /** The parsed file, to send as is; null when it is not JSON. */
  geojson: unknown;
  count: number;
  errors: string[];
}

/** What a file would import, checked in the browser with the server's own function (all or nothing). */
export function precheckReceptors(text: string, kind: ReceptorKind): ReceptorPrecheck {
  let geojson: unknown;
  try {
    geojson = JSON.parse(text);
  } catch (e) {
    return { geojson: null, count: 0, errors: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const { receptors, errors } = receptorsFromGeoJson(geojson, kind);
  return { geojson, count: receptors.length, errors };
}

/**
 * Uploads a GeoJSON file of receptors (schools, hospitals, villages, intakes…), like the geofence
 * import: checked in the browser first, sent only without errors, the server's errors shown as sent.
 */
export function receptorImport(ctx: ReceptorImportContext): HTMLElement {
  const file = h('input', { class: 'form-file', testid: 'receptor-file', attrs: { type: 'file', accept: '.geojson,.json,application/geo+json,application/json' } });
  const kind = h('select', { class: 'form-input', testid: 'receptor-import-kind' }, ...RECEPTOR_KINDS.map((k) => h('option', { text: t(`receptor.kind.${k}` as MessageKey), attrs: { value: k } })));
  kind.value = 'other';
  const summary = h('div', { class: 'import-summary', testid: 'receptor-import-check' });
  const result = h('div', { class: 'import-result', testid: 'receptor-import-result', attrs: { 'data-created': '0' } });
  const send = h('button', { class: 'btn primary', testid: 'receptor-import-submit', text: t('geo.import'), attrs: { type: 'button' } });
  const close = h('button', { class: 'btn', testid: 'receptor-import-close', text: t('geo.close'), attrs: { type: 'button' } });
  let text: string | null = null;
  let check: ReceptorPrecheck | null = null;

  const recheck = () => {
    if (text === null) {
      send.disabled = true;
      return;
    }
    check = precheckReceptors(text, kind.value as ReceptorKind);
    summary.replaceChildren(h('p', { class: 'import-count', text: t('rimp.willCreate', { n: check.count }) }), ...importMessages(t('geo.errors'), check.errors, 'errors'));
    setAttr(summary, 'data-receptors', String(check.count));
    setAttr(summary, 'data-errors', String(check.errors.length));
    send.disabled = check.count === 0 || check.errors.length > 0;
  };
  onGeoJsonFile({ file, summary, result }, (content) => {
    text = content;
    recheck();
  });
  kind.addEventListener('change', recheck);
  close.addEventListener('click', () => ctx.close());
  send.addEventListener('click', () => {
    if (!check || check.geojson === null) return;
    send.disabled = true;
    ctx.send({ geojson: check.geojson, kind: kind.value as ReceptorKind }).then(
      (res) => {
        const n = Array.isArray(res?.created) ? res.created.length : 0;
        setAttr(result, 'data-created', String(n));
        result.replaceChildren(h('p', { class: 'import-head ok', text: t('rimp.created', { n }) }));
        ctx.imported(n);
      },
      (e: unknown) => {
        send.disabled = false;
        const details = e instanceof AlertApiError && e.details.length > 0 ? e.details : [e instanceof Error ? e.message : String(e)];
        result.replaceChildren(...importMessages(t('geo.errors'), details, 'errors'));
      },
    );
  });
  recheck();
  return h('div', { class: 'geofence-import receptor-import', testid: 'receptor-import' },
    h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('rimp.file') }), file),
    h('label', { class: 'form-row' }, h('span', { class: 'form-label', text: t('rimp.kind') }), kind),
    summary, result,
    h('div', { class: 'form-buttons' }, close, send));
}
