import { CitizenReportStatusSchema, type CitizenPublicStatus } from '@ioc/contracts/citizen.dto';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { loadCitizenStatus, PublicError } from '../../api/citizen.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { LanguageSwitch } from '../../i18n/language-switch.component';
import { formatDateTime } from '../../i18n/locale.format';
import './citizen.css';

const STEPS = ['received', 'in_progress', 'resolved'] as const;

/** A report's public status: progress and the city's public reply, nothing else. */
export function CitizenStatusPage({ code }: { code: string | null }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [s, setS] = useState<CitizenPublicStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [input, setInput] = useState(code ?? '');

  useEffect(() => {
    if (!code) return;
    const ac = new AbortController();
    setS(null);
    setError(null);
    loadCitizenStatus(code, ac.signal)
      .then(setS)
      .catch((e: unknown) => {
        if (ac.signal.aborted) return;
        if (e instanceof PublicError && (e.status === 404 || e.status === 400))
          setError(t('citizen.status.notFound'));
        else if (e instanceof PublicError && e.status === 429) setError(t('citizen.status.tooMany'));
        else setError(t('citizen.error.offline'));
      });
    return () => ac.abort();
  }, [code, t]);

  const lookup = (e: FormEvent) => {
    e.preventDefault();
    window.location.hash = `#/citizen/${input.trim().toUpperCase()}`;
  };
  const current = s ? CitizenReportStatusSchema.options.indexOf(s.status) : -1;

  return (
    <main className="citizen" data-testid="citizen-status-page">
      <header className="citizen-head">
        <h1>{t('citizen.status.title')}</h1>
        <LanguageSwitch />
      </header>
      <form className="citizen-lookup" onSubmit={lookup}>
        <label>
          {t('citizen.status.codeLabel')}
          <input
            value={input}
            onChange={(e) => setInput(e.target.value)}
            autoCapitalize="characters"
            maxLength={10}
            data-testid="citizen-lookup-code"
          />
        </label>
        <button type="submit" className="citizen-btn secondary">
          {t('citizen.status.lookup')}
        </button>
      </form>
      {error && (
        <p className="citizen-error" role="alert" data-testid="citizen-status-error">
          {error}
        </p>
      )}
      {s && (
        <section className="citizen-card" data-testid="citizen-status" data-status={s.status}>
          <p className="citizen-code small">{s.code}</p>
          <p className="muted small">
            {t(`category.${s.category}`)} ·{' '}
            {t('citizen.status.submitted', { time: formatDateTime(s.submittedAt, lang) })}
          </p>
          {s.status === 'closed' ? (
            <p className="citizen-step current" data-testid="citizen-step-closed">
              {t('citizen.status.step.closed')}
            </p>
          ) : (
            <ol className="citizen-steps">
              {STEPS.map((step, i) => (
                <li
                  key={step}
                  className={i < current ? 'done' : i === current ? 'current' : ''}
                  data-testid={`citizen-step-${step}`}
                  aria-current={i === current ? 'step' : undefined}
                >
                  {t(`citizen.status.step.${step}`)}
                </li>
              ))}
            </ol>
          )}
          {s.publicNote && (
            <div className="citizen-note">
              <h2>{t('citizen.status.publicNote')}</h2>
              <p data-testid="citizen-public-note">{s.publicNote}</p>
            </div>
          )}
          <p className="muted small">
            {t('citizen.status.updated', { time: formatDateTime(s.updatedAt, lang) })}
          </p>
        </section>
      )}
    </main>
  );
}
