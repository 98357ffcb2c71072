import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesPoint } from '../../api/incidents.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber, formatTime } from '../../i18n/locale.format';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';

interface Props {
  points: SeriesPoint[];
  /** Horizontal line (the rule's threshold) and vertical marker (the breach). */
  threshold?: number | null;
  markTime?: string | null;
  unit?: string | null;
  height?: number;
}

const AXIS = {
  stroke: '#94a3b8',
  grid: { stroke: '#1f2e42', width: 1 },
  ticks: { stroke: '#1f2e42', width: 1 },
};

/** Bucket averages (min–max band) as a uPlot chart, in the city's time zone; threshold and breach marked. */
export function SeriesChart({ points, threshold, markTime, unit, height = 140 }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const box = useRef<HTMLDivElement>(null);
  const pts = points.filter((p) => p.avg !== null);

  useEffect(() => {
    const el = box.current;
    if (!el || pts.length < 2) return;
    const xs = pts.map((p) => Date.parse(p.t) / 1000);
    const avg = pts.map((p) => p.avg);
    const max = pts.map((p) => p.max);
    const mark = markTime ? Date.parse(markTime) / 1000 : null;
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          {
            ...AXIS,
            values: (_u, splits) =>
              splits.map((s) => formatTime(new Date(s * 1000).toISOString(), lang, tz).slice(0, 5)),
          },
          { ...AXIS, size: 48, values: (_u, splits) => splits.map((s) => formatNumber(s, lang, 0)) },
        ],
        series: [
          {},
          { label: 'avg', stroke: '#38bdf8', width: 2, spanGaps: true },
          { label: 'max', stroke: 'rgba(56,189,248,0.35)', width: 1, dash: [4, 3], spanGaps: true },
        ],
        hooks: {
          draw: [
            (u) => {
              const ctx = u.ctx;
              ctx.save();
              ctx.lineWidth = 1.5 * devicePixelRatio;
              if (typeof threshold === 'number') {
                const y = u.valToPos(threshold, 'y', true);
                ctx.strokeStyle = '#ef4444';
                ctx.setLineDash([6, 4]);
                ctx.beginPath();
                ctx.moveTo(u.bbox.left, y);
                ctx.lineTo(u.bbox.left + u.bbox.width, y);
                ctx.stroke();
              }
              if (mark !== null) {
                const x = u.valToPos(mark, 'x', true);
                ctx.strokeStyle = '#f59e0b';
                ctx.setLineDash([]);
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        },
      },
      [xs, avg, max],
      el,
    );
    return () => plot.destroy();
    // pts derives from points: the chart is rebuilt when the data or the language changes.
  }, [points, threshold, markTime, height, lang]);

  if (pts.length < 2) return <p className="muted small">{t('chart.noData')}</p>;
  return (
    <figure className="chart" data-testid="series-chart" aria-label={t('chart.label')}>
      <div ref={box} />
      <figcaption className="muted small">
        {formatTime(pts[0]!.t, lang, tz)} – {formatTime(pts[pts.length - 1]!.t, lang, tz)} · {unit ?? ''}
      </figcaption>
    </figure>
  );
}
