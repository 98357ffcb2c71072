import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber, formatTime } from '../../i18n/locale.format';
import type { SeriesPoint } from '../../api/incidents.api';

interface Props {
  points: SeriesPoint[];
  /** Horizontal line (the rule's threshold) and vertical marker (the breach). */
  threshold?: number | null;
  markTime?: string | null;
  unit?: string | null;
  height?: number;
}

const W = 360;

/** A small SVG line chart (avg per bucket): no canvas library, no external asset. */
export function SeriesChart({ points, threshold, markTime, unit, height = 120 }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const pts = points.filter((p) => p.avg !== null) as (SeriesPoint & { avg: number })[];
  if (pts.length < 2) return <p className="muted small">{t('chart.noData')}</p>;
  const t0 = Date.parse(pts[0]!.t);
  const t1 = Date.parse(pts[pts.length - 1]!.t);
  const values = pts.map((p) => p.avg);
  if (typeof threshold === 'number') values.push(threshold);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const pad = 4;
  const x = (ms: number) => pad + ((ms - t0) / Math.max(1, t1 - t0)) * (W - 2 * pad);
  const y = (v: number) => height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad);
  const d = pts
    .map((p, i) => `${i ? 'L' : 'M'}${x(Date.parse(p.t)).toFixed(1)},${y(p.avg).toFixed(1)}`)
    .join('');
  const mark = markTime ? Date.parse(markTime) : NaN;
  return (
    <figure className="chart" data-testid="series-chart">
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        height={height}
        role="img"
        aria-label={t('chart.label')}
      >
        <rect x="0" y="0" width={W} height={height} fill="#0b1220" />
        {typeof threshold === 'number' && (
          <line
            x1={pad}
            x2={W - pad}
            y1={y(threshold)}
            y2={y(threshold)}
            stroke="#ef4444"
            strokeDasharray="4 3"
          />
        )}
        {mark >= t0 && mark <= t1 && (
          <line x1={x(mark)} x2={x(mark)} y1={pad} y2={height - pad} stroke="#f59e0b" />
        )}
        <path d={d} fill="none" stroke="#38bdf8" strokeWidth="2" />
      </svg>
      <figcaption className="muted small">
        {formatTime(pts[0]!.t, lang)} – {formatTime(pts[pts.length - 1]!.t, lang)} ·{' '}
        {formatNumber(lo, lang, 1)}–{formatNumber(hi, lang, 1)} {unit ?? ''}
      </figcaption>
    </figure>
  );
}
