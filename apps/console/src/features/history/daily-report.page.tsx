import { CitySchema, type City } from '@ioc/contracts/city.schema';
import type { DailyReport } from '@ioc/contracts/history.schema';
import { CapSeveritySchema, type CapSeverity } from '@ioc/contracts/incident.schema';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api/http.client';
import { currentLanguage } from '../../i18n/i18n.setup';
import {
  formatDateTime,
  formatIsoDate,
  formatNumber,
  parseCityDate,
  type Language,
} from '../../i18n/locale.format';
import { SEVERITY_COLORS } from '../incidents/incident-queue';
import { historyApi } from './history.api';
import './history.css';
import './daily-report.css';

/** The calendar date `days` away from a YYYY-MM-DD one. */
function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The printable daily report of one city-local date (window.print() → PDF; see daily-report.css). */
export function DailyReportPage({ date }: { date: string }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [report, setReport] = useState<DailyReport | null>(null);
  const [city, setCity] = useState<City | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dateText, setDateText] = useState(formatIsoDate(date));
  const [dateError, setDateError] = useState(false);
  useEffect(() => {
    const ac = new AbortController();
    setReport(null);
    setError(null);
    setDateText(formatIsoDate(date));
    Promise.all([historyApi.dailyReport(date, ac.signal), getJson('/api/city', CitySchema, ac.signal)]).then(
      ([r, c]) => {
        setReport(r);
        setCity(c);
      },
      (e: Error) => {
        if (!ac.signal.aborted) setError(e.message);
      },
    );
    return () => ac.abort();
  }, [date]);
  useEffect(() => {
    document.title = `${t('history.report.title')} ${formatIsoDate(date)}${city ? ` — ${city.name}` : ''}`;
  }, [date, city, t]);
  const go = (d: string) => {
    window.location.hash = `#/report/${d}`;
  };
  if (error) return <p role="alert">{error}</p>;
  if (!report) return <p aria-busy="true">{t('app.loading')}</p>;
  const wardName = (id: string | null) =>
    id === null ? t('incidents.noWard') : (city?.wards.find((w) => w.id === id)?.name ?? id);
  const stages = ['ack', 'dispatch', 'resolve'] as const;
  const minutes = (s: number | null) =>
    s === null ? '–' : t('history.report.minutes', { n: formatNumber(s / 60, lang, 1) });
  const hours = (s: number) => t('history.report.hoursValue', { n: formatNumber(s / 3600, lang, 1) });
  const int = (n: number) => formatNumber(n, lang, 0);
  const none = (cols: number) => (
    <tr>
      <td colSpan={cols} className="muted">
        {t('history.report.none')}
      </td>
    </tr>
  );
  const inc = report.incidents;
  const categories = Object.entries(inc.byCategory).sort((a, b) => b[1] - a[1]);
  return (
    <article className="daily-report" data-testid="daily-report" lang={lang}>
      <nav className="no-print">
        <a href="#history">{t('history.report.back')}</a>
        <button type="button" onClick={() => go(shiftDate(date, -1))} data-testid="daily-report-prev">
          ← {t('history.report.prevDay')}
        </button>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const d = parseCityDate(dateText);
            setDateError(d === null);
            if (d) go(d);
          }}
        >
          <input
            value={dateText}
            onChange={(e) => setDateText(e.target.value)}
            aria-label={t('history.report.date')}
            aria-invalid={dateError}
            placeholder="dd/mm/yyyy"
            inputMode="numeric"
            data-testid="daily-report-date"
          />{' '}
          <button type="submit">{t('history.load')}</button>
          {dateError && (
            <span role="alert" className="report-date-error">
              {t('history.report.badDate')}
            </span>
          )}
        </form>
        <button type="button" onClick={() => go(shiftDate(date, 1))} data-testid="daily-report-next">
          {t('history.report.nextDay')} →
        </button>
        <button type="button" onClick={() => window.print()} data-testid="daily-report-print">
          {t('history.report.print')}
        </button>
      </nav>
      <header>
        <h1>
          {t('history.report.title')} {formatIsoDate(report.date)}
          {city ? ` — ${city.name}` : ''}
        </h1>
        <p className="muted">
          {formatDateTime(report.from, lang, report.timeZone, { seconds: false })} –{' '}
          {formatDateTime(report.to, lang, report.timeZone, { seconds: false })} ({report.timeZone})
        </p>
      </header>

      <section className="report-summary">
        <h2>{t('history.report.summary')}</h2>
        <div className="report-kpis">
          <div className="kpi" data-testid="daily-report-total">
            <span className="kpi-value">{int(inc.total)}</span>
            <span className="kpi-label">{t('history.report.total')}</span>
          </div>
          {CapSeveritySchema.options.map((s) => (
            <div className="kpi" key={s} data-testid={`daily-report-severity-${s}`}>
              <span className="kpi-value">
                <span className="sev-dot" style={{ background: SEVERITY_COLORS[s] }} aria-hidden="true" />
                {int(inc.bySeverity[s] ?? 0)}
              </span>
              <span className="kpi-label">{t(`severity.${s}`)}</span>
            </div>
          ))}
        </div>
      </section>

      <section className="report-charts">
        <figure>
          <figcaption>{t('history.report.perHour')}</figcaption>
          <HourChart counts={inc.byHour} lang={lang} label={t('history.report.perHour')} />
        </figure>
        <figure>
          <figcaption>{t('history.report.perCategory')}</figcaption>
          {categories.length === 0 ? (
            <p className="muted">{t('history.report.none')}</p>
          ) : (
            <CategoryChart
              rows={categories.map(([c, n]) => ({ label: t(`category.${c}`, { defaultValue: c }), n }))}
              lang={lang}
            />
          )}
        </figure>
      </section>

      <section>
        <h2>{t('history.report.list')}</h2>
        <table className="report-list" data-testid="daily-report-list">
          <thead>
            <tr>
              <th>{t('history.report.time')}</th>
              <th>{t('history.report.incident')}</th>
              <th>{t('history.report.category')}</th>
              <th>{t('history.severity')}</th>
              <th>{t('history.report.status')}</th>
              <th>{t('history.report.ward')}</th>
            </tr>
          </thead>
          <tbody>
            {inc.list.length === 0 && none(6)}
            {inc.list.map((i) => (
              <tr key={i.id}>
                <td className="nowrap">{formatDateTime(i.openedAt, lang, report.timeZone).slice(11, 16)}</td>
                <td>
                  {lang === 'en' ? (i.titleEn ?? i.title) : i.title}
                  <div className="muted small">{i.id}</div>
                </td>
                <td>{t(`category.${i.category}`, { defaultValue: i.category })}</td>
                <td className="nowrap">
                  <span
                    className="sev-dot"
                    style={{ background: SEVERITY_COLORS[i.severity as CapSeverity] ?? '#888' }}
                    aria-hidden="true"
                  />
                  {t(`severity.${i.severity}`, { defaultValue: i.severity })}
                </td>
                <td>{t(`status.${i.status}`, { defaultValue: i.status })}</td>
                <td>{wardName(i.ward)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {inc.listTruncated && (
          <p className="muted">{t('history.report.listTruncated', { shown: int(inc.list.length) })}</p>
        )}
        <table>
          <thead>
            <tr>
              <th>{t('history.report.ward')}</th>
              <th>{t('history.report.count')}</th>
            </tr>
          </thead>
          <tbody>
            {inc.byWard.length === 0 && none(2)}
            {inc.byWard.map((w) => (
              <tr key={w.ward ?? '-'}>
                <td>{wardName(w.ward)}</td>
                <td className="num">{int(w.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t('history.report.sla')}</h2>
        <table>
          <thead>
            <tr>
              <th />
              <th>{t('history.report.met')}</th>
              <th>{t('history.report.breached')}</th>
              <th>{t('history.report.compliance')}</th>
              <th>{t('history.report.meanTime')}</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((s) => (
              <tr key={s}>
                <th>{t(`history.report.stage.${s}`)}</th>
                <td className="num">{int(report.sla[s].met)}</td>
                <td className="num">{int(report.sla[s].breached)}</td>
                <td className="num">
                  {report.sla[s].compliance === null
                    ? '–'
                    : `${formatNumber(report.sla[s].compliance!, lang, 1)} %`}
                </td>
                <td className="num">{minutes(report.meanTimesS[s])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t('history.report.offline')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('history.report.device')}</th>
              <th>{t('history.report.ward')}</th>
              <th>{t('history.report.offlineEvents')}</th>
              <th>{t('history.report.offlineTime')}</th>
            </tr>
          </thead>
          <tbody>
            {report.topOfflineDevices.length === 0 && none(4)}
            {report.topOfflineDevices.map((d) => (
              <tr key={d.deviceId}>
                <td>{d.name ?? d.deviceId}</td>
                <td>{wardName(d.ward)}</td>
                <td className="num">{int(d.offlineEvents)}</td>
                <td className="num">{hours(d.offlineS)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t('history.report.aqi')}</h2>
        <table>
          <thead>
            <tr>
              <th>{t('history.report.device')}</th>
              <th>{t('history.report.hours')}</th>
              <th>{t('history.report.mean')}</th>
              <th>{t('history.report.max')}</th>
            </tr>
          </thead>
          <tbody>
            {report.vnAqi.length === 0 && none(4)}
            {report.vnAqi.map((a) => (
              <tr key={a.deviceId}>
                <td>{a.name ?? a.deviceId}</td>
                <td className="num">{int(a.hours)}</td>
                <td className="num">{int(a.meanAqi)}</td>
                <td>
                  {int(a.maxAqi)} ({t(`legend.band.${a.maxBand}`, { defaultValue: a.maxBand })},{' '}
                  {formatDateTime(a.maxHour, lang, report.timeZone).slice(11, 16)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

/** Incidents opened per hour of the day: SVG bars (print as they show), hour labels every 3 hours. */
function HourChart({ counts, lang, label }: { counts: number[]; lang: Language; label: string }) {
  const max = Math.max(1, ...counts);
  const w = 24;
  const h = 100;
  const width = counts.length * w;
  return (
    <svg
      className="report-chart"
      viewBox={`-30 -16 ${width + 38} ${h + 38}`}
      role="img"
      aria-label={label}
      data-testid="daily-report-hours"
    >
      <line x1={0} x2={width} y1={h} y2={h} className="axis" />
      <text x={-6} y={h} className="tick" textAnchor="end">
        0
      </text>
      <text x={-6} y={8} className="tick" textAnchor="end">
        {formatNumber(max, lang, 0)}
      </text>
      {counts.map((n, i) => {
        const bh = (n / max) * h;
        return (
          <g key={i}>
            <rect x={i * w + 3} y={h - bh} width={w - 6} height={bh} className="bar">
              <title>{`${String(i).padStart(2, '0')}:00 — ${n}`}</title>
            </rect>
            {n > 0 && (
              <text x={i * w + w / 2} y={h - bh - 3} className="value" textAnchor="middle">
                {formatNumber(n, lang, 0)}
              </text>
            )}
            {i % 3 === 0 && (
              <text x={i * w + w / 2} y={h + 18} className="tick" textAnchor="middle">
                {`${String(i).padStart(2, '0')}h`}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Incidents per category: horizontal SVG bars with the count at the end. */
function CategoryChart({ rows, lang }: { rows: { label: string; n: number }[]; lang: Language }) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const rowH = 24;
  const labelW = 170;
  const barW = 200;
  return (
    <svg
      className="report-chart"
      viewBox={`0 0 ${labelW + barW + 40} ${rows.length * rowH + 4}`}
      role="img"
      data-testid="daily-report-categories"
    >
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0 ${i * rowH})`}>
          <text x={labelW - 6} y={17} className="tick" textAnchor="end">
            {r.label}
          </text>
          <rect x={labelW} y={3} width={(r.n / max) * barW} height={rowH - 6} className="bar" />
          <text x={labelW + (r.n / max) * barW + 4} y={17} className="value">
            {formatNumber(r.n, lang, 0)}
          </text>
        </g>
      ))}
    </svg>
  );
}
