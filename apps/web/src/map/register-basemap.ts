import { registerMap } from '../charts/echarts-registry';
import { DEMO_BASEMAP, DEMO_MAP_NAME } from './basemap';

let registered = false;

/** Registers the offline demo-area basemap with ECharts once; returns its map name. */
export function registerDemoBasemap(): string {
  if (!registered) {
    registerMap(DEMO_MAP_NAME, DEMO_BASEMAP as unknown as Parameters<typeof registerMap>[1]);
    registered = true;
  }
  return DEMO_MAP_NAME;
}
