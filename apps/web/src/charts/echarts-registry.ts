/**
 * The one place ECharts is assembled: only the charts and components the screen uses are
 * registered, so the bundle carries nothing else. Everything else imports from here.
 */
import { use, init, registerMap, registerTheme, type ComposeOption, type ECharts, type SetOptionOpts } from 'echarts/core';
import {
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  LinesChart,
  ScatterChart,
  type BarSeriesOption,
  type CustomSeriesOption,
  type HeatmapSeriesOption,
  type LineSeriesOption,
  type LinesSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  GeoComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GeoComponentOption,
  type GraphicComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart, ScatterChart, LinesChart, BarChart, HeatmapChart, CustomChart,
  GeoComponent, GridComponent, TooltipComponent, LegendComponent, TitleComponent, GraphicComponent, MarkLineComponent, MarkAreaComponent, VisualMapContinuousComponent,
  CanvasRenderer,
]);

/** The option type of everything this registry can draw. */
export type EChartsOption = ComposeOption<
  | LineSeriesOption
  | ScatterSeriesOption
  | LinesSeriesOption
  | BarSeriesOption
  | CustomSeriesOption
  | HeatmapSeriesOption
  | GeoComponentOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | GraphicComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
  | VisualMapComponentOption
>;

export { init, registerMap, registerTheme };
export type { ECharts, SetOptionOpts };
