import type { ReceptorKind } from '@tianyan/contracts';

/** One glyph per receptor kind (SVG path data on a 24×24 box), as map symbols (`path://…`) and in the panel. */
export const RECEPTOR_ICON_PATHS: Readonly<Record<ReceptorKind, string>> = {
  // school: a gabled building with a flag
  school: 'M12 1h5v3h-4v2.2l9 5V23H2V11.2l9-5V1Zm-2 14v8h4v-8Z',
  // hospital: a cross in a square
  hospital: 'M2 2h20v20H2Zm7.5 4v3.5H6v5h3.5V18h5v-3.5H18v-5h-3.5V6Z',
  // village: two houses
  village: 'M1 12l6-6 6 6v10H1ZM13 10l5-5 5 5v12h-8V12Z',
  // water intake: a drop
  'water-intake': 'M12 1C8 7 4.5 11 4.5 15a7.5 7.5 0 0 0 15 0C19.5 11 16 7 12 1Z',
  // care home: a heart
  'care-home': 'M12 22 2.6 12.6A5.6 5.6 0 0 1 12 4.7a5.6 5.6 0 0 1 9.4 7.9Z',
  // anything else: a diamond
  other: 'M12 1 23 12 12 23 1 12Z',
};

export function receptorSymbol(kind: ReceptorKind): string {
  return `path://${RECEPTOR_ICON_PATHS[kind] ?? RECEPTOR_ICON_PATHS.other}`;
}
