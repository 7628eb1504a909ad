/**
 * The one place ECharts is assembled: only the charts and components the screen uses are
 * registered, so the bundle carries nothing else. Everything else imports from here.
 */
import { use, init, registerMap, registerTheme, type ComposeOption, type ECharts, type SetOptionOpts } from 'echarts/core';
import { EffectScatterChart, LineChart, LinesChart, ScatterChart, type EffectScatterSeriesOption, type LineSeriesOption, type LinesSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GeoComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type GeoComponentOption,
  type GraphicComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, ScatterChart, EffectScatterChart, LinesChart, GeoComponent, GridComponent, TooltipComponent, LegendComponent, TitleComponent, GraphicComponent, CanvasRenderer]);

/** The option type of everything this registry can draw. */
export type EChartsOption = ComposeOption<
  | LineSeriesOption
  | ScatterSeriesOption
  | EffectScatterSeriesOption
  | LinesSeriesOption
  | GeoComponentOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | GraphicComponentOption
>;

export { init, registerMap, registerTheme };
export type { ECharts, SetOptionOpts };
