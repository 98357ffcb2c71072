import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auth } from '../../api/auth.session';
import { LanguageSwitch } from '../../i18n/language-switch.component';

type Problem = { key: 'invalid' | 'failed' | 'expired' } | { key: 'throttled'; minutes: number } | null;

/** The only screen before login: nothing of the city (map, sensors) is fetched until it succeeds. */
export function LoginScreen() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(auth.expired ? { key: 'expired' } : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await auth.login(username.trim(), password);
      if (r.ok) return; // the session change swaps this screen for the console
      setPassword('');
      if (r.reason === 'invalid') setProblem({ key: 'invalid' });
      else if (r.reason === 'throttled')
        setProblem({ key: 'throttled', minutes: Math.ceil(r.retryAfterS / 60) });
      else setProblem({ key: 'failed' });
    } catch {
      setProblem({ key: 'failed' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={(e) => void submit(e)} data-testid="login-form" noValidate>
        <h1>{t('app.titleShort')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <label>
          <span>{t('login.username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="login-username"
          />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {problem && (
          <p className="login-error" role="alert" data-testid="login-error">
            {problem.key === 'throttled'
              ? t('login.throttled', { count: problem.minutes })
              : t(`login.${problem.key}`)}
          </p>
        )}
        <button type="submit" disabled={busy || !username || !password} data-testid="login-submit">
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
