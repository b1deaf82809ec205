// The ECharts the site ships: only the chart types and components that
// generator/charts emits, bundled by `go run ./assets/npm/sync` (esbuild's Go
// API) from the pinned npm package into files/echarts/orion/echarts.min.js,
// exposed as the global `echarts` that assets/js/orion.js uses.
//
// A chart type or component missing here is silently ignored by ECharts:
// add it here when generator/charts starts emitting it (the test
// TestBundleCoversOptions in generator/charts lists what the options use).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridSimpleComponent,
  LegendPlainComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, LineChart, ScatterChart,
  AriaComponent, GridSimpleComponent, LegendPlainComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent,
  CanvasRenderer
]);

export { init, getInstanceByDom } from 'echarts/core';
