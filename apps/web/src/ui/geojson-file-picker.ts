import { GEOJSON_MAX_BYTES } from '../alerts/geojson-precheck';
import { t } from '../i18n/i18n';
import { h } from './dom';

export interface GeoJsonFileParts {
  file: HTMLInputElement;
  summary: HTMLElement;
  result: HTMLElement;
}

/**
 * The file half of a GeoJSON import dialog (geofences, receptors): on each pick, clears the last
 * result and hands the file's text on — null when nothing is picked or the file is over
 * GEOJSON_MAX_BYTES (then the summary says so).
 */
export function onGeoJsonFile(parts: GeoJsonFileParts, picked: (text: string | null) => void): void {
  parts.file.addEventListener('change', () => {
    const f = parts.file.files?.[0];
    parts.result.replaceChildren();
    if (f && f.size > GEOJSON_MAX_BYTES) {
      parts.summary.replaceChildren(h('p', { class: 'import-head errors', text: t('geo.tooLarge') }));
      return picked(null);
    }
    if (!f) return picked(null);
    void f.text().then(picked);
  });
}

/** A titled list of messages (errors, warnings) for an import summary; nothing when empty. */
export function importMessages(title: string, items: readonly string[], cls: string): HTMLElement[] {
  return items.length === 0 ? [] : [h('p', { class: `import-head ${cls}`, text: `${title} (${items.length})` }), h('ul', { class: `import-list ${cls}` }, ...items.map((m) => h('li', { text: m })))];
}
