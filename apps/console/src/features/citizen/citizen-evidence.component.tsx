import type { CitizenReportView } from '@ioc/contracts/citizen.dto';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadCitizenPhoto, loadCitizenReport, markCitizenSpam } from '../../api/citizen.api';

/**
 * Operators: what a report from the public form adds to its evidence: the photos (fetched through the
 * authenticated route, each access recorded by the server), the phone, and the "spam" action.
 */
export function CitizenEvidence({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<CitizenReportView | null>(null);
  const [urls, setUrls] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    const made: string[] = [];
    loadCitizenReport(reportId, ac.signal)
      .then(async (v) => {
        setView(v);
        for (const p of v?.photos ?? []) {
          const u = await loadCitizenPhoto(reportId, p.index, ac.signal);
          made.push(u);
          if (!ac.signal.aborted) setUrls([...made]);
        }
      })
      .catch(() => undefined);
    return () => {
      ac.abort();
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [reportId]);

  if (!view) return null;
  return (
    <div className="citizen-evidence" data-testid="citizen-evidence" data-report={reportId}>
      {urls.length > 0 && (
        <div className="citizen-evidence-photos" aria-label={t('citizenOps.photos')}>
          {urls.map((u, i) => (
            <a key={u} href={u} target="_blank" rel="noreferrer noopener">
              <img src={u} alt={t('citizenOps.photo', { n: i + 1 })} data-testid="citizen-photo" />
            </a>
          ))}
        </div>
      )}
      {view.phone && <div className="small">{t('citizenOps.phone', { phone: view.phone })}</div>}
      {view.status === 'spam' ? (
        <div className="small muted" data-testid="citizen-spam-state">
          {t('citizenOps.isSpam', { by: view.spamBy ?? '' })}
        </div>
      ) : (
        <button
          type="button"
          className="link danger small"
          disabled={busy}
          data-testid="citizen-spam"
          onClick={() => {
            if (!window.confirm(t('citizenOps.spamConfirm'))) return;
            setBusy(true);
            markCitizenSpam(reportId)
              .then(setView)
              .catch(() => undefined)
              .finally(() => setBusy(false));
          }}
        >
          {t('citizenOps.spam')}
        </button>
      )}
    </div>
  );
}
