import { lazy, Suspense, type ComponentProps } from 'react';
import type { SeriesChart as Chart } from './series-chart.component';

// uPlot loads with the first chart shown (a chunk of its own), not with the map.
const SeriesChartImpl = lazy(() =>
  import('./series-chart.component').then((m) => ({ default: m.SeriesChart })),
);

export function SeriesChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 140 }} />}>
      <SeriesChartImpl {...props} />
    </Suspense>
  );
}
