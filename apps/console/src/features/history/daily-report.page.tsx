import type { DailyReport } from '@ioc/contracts/history.schema';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { historyApi } from './history.api';
import { registerHistoryStrings } from './history.locale';
import './history.css';

registerHistoryStrings();

const minutes = (s: number | null) => (s === null ? '–' : `${Math.round(s / 60)} min`);
const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;

/** The printable daily report of one city-local date (window.print() → PDF; see history.css @media print). */
export function DailyReportPage({ date }: { date: string }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<DailyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    historyApi.dailyReport(date, ac.signal).then(setReport, (e: Error) => {
      if (!ac.signal.aborted) setError(e.message);
    });
    return () => ac.abort();
  }, [date]);
  if (error) return <p role="alert">{error}</p>;
  if (!report) return null;
  const stages = ['ack', 'dispatch', 'resolve'] as const;
  return (
    <article className="daily-report" data-testid="daily-report">
      <header>
        <h1>
          {t('history.report.title')} {report.date}
        </h1>
        <button
          type="button"
          className="no-print"
          onClick={() => window.print()}
          data-testid="daily-report-print"
        >
          {t('history.report.print')}
        </button>
      </header>
      <section>
        <h2>{t('history.report.incidents')}</h2>
        <p>
          {t('history.report.total')}: {report.incidents.total}
        </p>
        <table>
          <thead>
            <tr>
              <th>{t('history.report.category')}</th>
              <th>{t('history.report.count')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(report.incidents.byCategory).map(([c, n]) => (
              <tr key={c}>
                <td>{c}</td>
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
                <td>{w.ward ?? '–'}</td>
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
          <tbody>
            {report.topOfflineDevices.map((d) => (
              <tr key={d.deviceId}>
                <td>{d.name ?? d.deviceId}</td>
                <td>{d.ward ?? '–'}</td>
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
            {report.vnAqi.map((a) => (
              <tr key={a.deviceId}>
                <td>{a.name ?? a.deviceId}</td>
                <td>{a.hours}</td>
                <td>{a.meanAqi}</td>
                <td>
                  {a.maxAqi} ({a.maxBand})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
