import type { ChartGuides } from '@ioc/domain/chart-guides';
import { displayUnit, formatDecimal, metricDigits } from '@ioc/domain/metric-display';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './series-chart.css';
import type { SeriesPoint } from '../../api/incidents.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatDateTime } from '../../i18n/locale.format';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';
import { yRange, yTickLabels } from './chart-axis';

interface Props {
  points: SeriesPoint[];
  /** Horizontal line (the rule's threshold) and vertical marker (the breach). */
  threshold?: number | null;
  markTime?: string | null;
  /** The unit as the feed sent it (mapped for display; the metric's usual unit when null). */
  unit?: string | null;
  metric?: string | null;
  /** Alarm levels (lines) and bands (areas) drawn behind the data, labelled. */
  guides?: ChartGuides | null;
  height?: number;
}

const AXIS = {
  stroke: '#94a3b8',
  grid: { stroke: '#1f2e42', width: 1 },
  ticks: { stroke: '#1f2e42', width: 1 },
};
const FONT = '11px system-ui, sans-serif';

/**
 * Bucket averages (and maxima, dashed) as a uPlot chart in the city's time zone: the value axis carries the
 * unit and as many decimals as keep its ticks distinct; alarm levels and VN_AQI bands are drawn and labelled.
 */
export function SeriesChart({ points, threshold, markTime, unit, metric, guides, height = 140 }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const box = useRef<HTMLDivElement>(null);
  const fig = useRef<HTMLElement>(null);
  const pts = points.filter((p) => p.avg !== null);
  const shownUnit = displayUnit(unit, metric ?? undefined);
  const levels = guides?.levels ?? [];
  const bands = guides?.bands ?? [];

  useEffect(() => {
    const el = box.current;
    if (!el || pts.length < 2) return;
    const xs = pts.map((p) => Date.parse(p.t) / 1000);
    const avg = pts.map((p) => p.avg);
    const max = pts.map((p) => p.max);
    const mark = markTime ? Date.parse(markTime) / 1000 : null;
    const spanS = xs[xs.length - 1]! - xs[0]!;
    const marks = [...levels.map((l) => l.value), ...(typeof threshold === 'number' ? [threshold] : [])];
    const timeLabel = (s: number) => {
      const text = formatDateTime(new Date(s * 1000).toISOString(), lang, tz, { seconds: false });
      // "dd/MM/yyyy HH:mm": hours within a day, the date (and the hour) over several days
      if (spanS <= 36 * 3600) return text.slice(11);
      return text.endsWith('00:00') ? text.slice(0, 5) : `${text.slice(0, 5)} ${text.slice(11)}`;
    };
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: () => yRange([...avg, ...max], marks) } },
        axes: [
          { ...AXIS, values: (_u, splits) => splits.map(timeLabel) },
          {
            ...AXIS,
            size: 52,
            label: shownUnit || undefined,
            labelSize: 16,
            labelFont: FONT,
            values: (_u, splits) => {
              const labels = yTickLabels(splits, lang);
              // what the axis reads, for the browser tests and anyone inspecting the chart
              if (fig.current) fig.current.dataset['yTicks'] = JSON.stringify(labels);
              return labels;
            },
          },
        ],
        series: [
          {},
          { label: 'avg', stroke: '#38bdf8', width: 2, spanGaps: true },
          { label: 'max', stroke: 'rgba(56,189,248,0.35)', width: 1, dash: [4, 3], spanGaps: true },
        ],
        hooks: {
          // bands behind everything else
          drawClear: [
            (u) => {
              if (!bands.length) return;
              const ctx = u.ctx;
              const [lo, hi] = [u.scales['y']!.min!, u.scales['y']!.max!];
              ctx.save();
              ctx.font = FONT.replace('11px', `${11 * devicePixelRatio}px`);
              ctx.textAlign = 'right';
              ctx.textBaseline = 'top';
              for (const b of bands) {
                if (b.to <= lo || b.from >= hi) continue;
                const yTop = u.valToPos(Math.min(b.to, hi), 'y', true);
                const yBottom = u.valToPos(Math.max(b.from, lo), 'y', true);
                ctx.globalAlpha = 0.14;
                ctx.fillStyle = b.color;
                ctx.fillRect(u.bbox.left, yTop, u.bbox.width, yBottom - yTop);
                ctx.globalAlpha = 0.9;
                if (yBottom - yTop >= 14 * devicePixelRatio)
                  ctx.fillText(b.label[lang], u.bbox.left + u.bbox.width - 4, yTop + 2);
              }
              ctx.restore();
            },
          ],
          draw: [
            (u) => {
              const ctx = u.ctx;
              ctx.save();
              ctx.lineWidth = 1.5 * devicePixelRatio;
              ctx.font = FONT.replace('11px', `${11 * devicePixelRatio}px`);
              ctx.textBaseline = 'bottom';
              // uPlot leaves the axes' alignment on the context: labels start inside the plot, on the left
              ctx.textAlign = 'left';
              for (const l of levels) {
                const y = u.valToPos(l.value, 'y', true);
                ctx.strokeStyle = l.color;
                ctx.fillStyle = l.color;
                ctx.setLineDash([6, 4]);
                ctx.beginPath();
                ctx.moveTo(u.bbox.left, y);
                ctx.lineTo(u.bbox.left + u.bbox.width, y);
                ctx.stroke();
                ctx.fillText(l.label[lang], u.bbox.left + 4, y - 2);
              }
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
    // pts derives from points: the chart is rebuilt when the data, the guides or the language change.
  }, [points, threshold, markTime, height, lang, tz, guides, shownUnit]);

  if (pts.length < 2) return <p className="muted small">{t('chart.noData')}</p>;
  const digits = metric ? metricDigits(metric) : 2;
  return (
    <figure
      ref={fig}
      className="chart"
      data-testid="series-chart"
      data-unit={shownUnit}
      aria-label={t('chart.label')}
    >
      <div ref={box} />
      <figcaption className="muted small">
        {formatDateTime(pts[0]!.t, lang, tz, { seconds: false })} –{' '}
        {formatDateTime(pts[pts.length - 1]!.t, lang, tz, { seconds: false })}
        {shownUnit && <> · {t('reading.unit', { unit: shownUnit })}</>}
      </figcaption>
      {(levels.length > 0 || bands.length > 0) && (
        <ul className="chart-guides small" data-testid="chart-guides">
          {levels.map((l) => (
            <li key={l.value} data-testid="chart-level">
              <span className="guide-line" style={{ borderColor: l.color }} aria-hidden="true" />
              {l.label[lang]}: {formatDecimal(l.value, lang, digits)} {shownUnit}
            </li>
          ))}
          {bands.map((b) => (
            <li key={b.from} data-testid="chart-band">
              <span className="guide-swatch" style={{ background: b.color }} aria-hidden="true" />
              {b.label[lang]}: {formatDecimal(b.from, lang, 0)}
              {Number.isFinite(b.to) ? `–${formatDecimal(b.to, lang, 0)}` : '+'} {shownUnit}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
