import { geofencesFromGeoJson, type AlertRuleInput, type GeofenceImportDefaults } from '@tianyan/contracts';

/** Larger files are refused before reading: a geofence layer is kilobytes, not megabytes. */
export const GEOJSON_MAX_BYTES = 5 * 1024 * 1024;

export interface GeoJsonPrecheck {
  /** The parsed file, to send as is; null when it is not JSON. */
  geojson: unknown;
  rules: AlertRuleInput[];
  errors: string[];
  warnings: string[];
}

/**
 * What an uploaded GeoJSON file would become, checked in the browser with the same function the
 * server uses, so every feature's problem is listed before anything is sent.
 */
export function precheckGeoJson(text: string, defaults: GeofenceImportDefaults): GeoJsonPrecheck {
  let geojson: unknown;
  try {
    geojson = JSON.parse(text);
  } catch (e) {
    return { geojson: null, rules: [], errors: [`not JSON: ${e instanceof Error ? e.message : String(e)}`], warnings: [] };
  }
  const { rules, errors, warnings } = geofencesFromGeoJson(geojson, defaults);
  return { geojson, rules, errors, warnings };
}
