import { CitySchema, type City } from '@ioc/contracts/city.schema';
import type { DailyReport } from '@ioc/contracts/history.schema';
import { useEffect, useState } from 'react';
import { getJson } from '../../api/http.client';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatDateTime, formatNumber } from '../../i18n/locale.format';
import { useTranslation } from 'react-i18next';
import { historyApi } from './history.api';
import './history.css';

/** The printable daily report of one city-local date (window.print() → PDF; see history.css @media print). */
export function DailyReportPage({ date }: { date: string }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [report, setReport] = useState<DailyReport | null>(null);
  const [city, setCity] = useState<City | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    setReport(null);
    setError(null);
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
    document.title = `${t('history.report.title')} ${date}${city ? ` — ${city.name}` : ''}`;
  }, [date, city, t]);
  if (error) return <p role="alert">{error}</p>;
  if (!report) return <p aria-busy="true">{t('app.loading')}</p>;
  const wardName = (id: string | null) =>
    id === null ? t('incidents.noWard') : (city?.wards.find((w) => w.id === id)?.name ?? id);
  const stages = ['ack', 'dispatch', 'resolve'] as const;
  const minutes = (s: number | null) =>
    s === null ? '–' : t('history.report.minutes', { n: formatNumber(s / 60, lang, 1) });
  const hours = (s: number) => t('history.report.hoursValue', { n: formatNumber(s / 3600, lang, 1) });
  const none = (cols: number) => (
    <tr>
      <td colSpan={cols} className="muted">
        {t('history.report.none')}
      </td>
    </tr>
  );
  return (
    <article className="daily-report" data-testid="daily-report" lang={lang}>
      <nav className="no-print">
        <a href="#history">{t('history.report.back')}</a>
        <input
          type="date"
          value={date}
          aria-label={t('history.report.date')}
          onChange={(e) => {
            if (e.target.value) window.location.hash = `#/report/${e.target.value}`;
          }}
        />
        <button type="button" onClick={() => window.print()} data-testid="daily-report-print">
          {t('history.report.print')}
        </button>
      </nav>
      <header>
        <h1>
          {t('history.report.title')} {report.date}
          {city ? ` — ${city.name}` : ''}
        </h1>
        <p className="muted">
          {formatDateTime(report.from, lang, report.timeZone)} –{' '}
          {formatDateTime(report.to, lang, report.timeZone)} ({report.timeZone})
        </p>
      </header>
      <section>
        <h2>{t('history.report.incidents')}</h2>
        <p data-testid="daily-report-total">
          {t('history.report.total')}: {formatNumber(report.incidents.total, lang, 0)}
        </p>
        <table>
          <thead>
            <tr>
              <th>{t('history.report.category')}</th>
              <th>{t('history.report.count')}</th>
            </tr>
          </thead>
          <tbody>
            {report.incidents.total === 0 && none(2)}
            {Object.entries(report.incidents.byCategory).map(([c, n]) => (
              <tr key={c}>
                <td>{t(`category.${c}`, { defaultValue: c })}</td>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <thead>
            <tr>
              <th>{t('history.report.ward')}</th>
              <th>{t('history.report.count')}</th>
            </tr>
          </thead>
          <tbody>
            {report.incidents.byWard.map((w) => (
              <tr key={w.ward ?? '-'}>
                <td>{wardName(w.ward)}</td>
                <td>{w.count}</td>
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
                <td>{report.sla[s].met}</td>
                <td>{report.sla[s].breached}</td>
                <td>{report.sla[s].compliance === null ? '–' : `${report.sla[s].compliance} %`}</td>
                <td>{minutes(report.meanTimesS[s])}</td>
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
                <td>{d.offlineEvents}</td>
                <td>{hours(d.offlineS)}</td>
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
                <td>{a.hours}</td>
                <td>{a.meanAqi}</td>
                <td>
                  {a.maxAqi} ({t(`legend.band.${a.maxBand}`, { defaultValue: a.maxBand })})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
