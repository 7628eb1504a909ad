/** Control-room palette shared by the ECharts theme and option builders (CSS mirrors it in styles.css). */
export const PALETTE = {
  background: '#060b12',
  panel: '#0b1520',
  grid: '#15263a',
  axis: '#2a4059',
  text: '#c6d4e3',
  textMuted: '#6d8299',
  accent: '#27d3c3',
  accentAlt: '#3d9cff',
  warn: '#f2b632',
  danger: '#ff5d5d',
  offline: '#5b6b7d',
  late: '#e58cff',
  kind: { drone: '#3d9cff', ms: '#27d3c3', obd: '#f2b632' },
  series: ['#3d9cff', '#27d3c3', '#f2b632', '#ff7a59', '#b388ff', '#7bd88f', '#ff5d8f', '#9fb4c8'],
  map: {
    land: '#0a141e',
    landBorder: '#132333',
    water: '#0e2c45',
    waterBorder: '#1d4c72',
    zone1: 'rgba(39, 211, 195, 0.20)',
    zone1Border: '#27d3c3',
    zone2: 'rgba(39, 211, 195, 0.07)',
    zone2Border: 'rgba(39, 211, 195, 0.55)',
    plant: 'rgba(255, 122, 89, 0.14)',
    plantBorder: '#ff7a59',
    road: '#2b3d52',
    bridge: '#5d7590',
    label: '#8aa2ba',
  },
} as const;

/** Thermal colour ramp, cold → hot ("ironbow"-like). */
export const THERMAL_RAMP = ['#07051a', '#2a0b5c', '#6a1170', '#b4245a', '#e8533a', '#f89b22', '#fbd84a', '#fffbe0'] as const;

/** Exposure levels on map and chips: teal below limits, then the four warning colours. */
export const LEVEL_COLORS = { none: '#27d3c3', oel: '#3d9cff', aegl1: '#f2d232', aegl2: '#ff9a3c', aegl3: '#ff4d4d', idlh: '#ff4d4d' } as const;

/** Hotspot colour by temperature (°C at or above). */
export const HOTSPOT_RAMP: readonly (readonly [number, string])[] = [[0, '#f2d232'], [60, '#ff9a3c'], [150, '#ff4d4d'], [300, '#ff2fd0']];

export const THEME_NAME = 'tianyan-dark';

export const ECHARTS_THEME = {
  color: [...PALETTE.series],
  backgroundColor: 'transparent',
  textStyle: { color: PALETTE.text, fontFamily: 'inherit' },
  title: { textStyle: { color: PALETTE.text }, subtextStyle: { color: PALETTE.textMuted } },
  legend: { textStyle: { color: PALETTE.text } },
  tooltip: {
    backgroundColor: 'rgba(8, 17, 28, 0.94)',
    borderColor: PALETTE.axis,
    textStyle: { color: PALETTE.text },
  },
  timeAxis: {
    axisLine: { lineStyle: { color: PALETTE.axis } },
    axisTick: { lineStyle: { color: PALETTE.axis } },
    axisLabel: { color: PALETTE.textMuted },
    splitLine: { show: true, lineStyle: { color: PALETTE.grid } },
  },
  valueAxis: {
    axisLine: { show: false },
    axisLabel: { color: PALETTE.textMuted },
    splitLine: { lineStyle: { color: PALETTE.grid } },
    nameTextStyle: { color: PALETTE.textMuted },
  },
  line: { symbol: 'circle', symbolSize: 4, smooth: false },
};
