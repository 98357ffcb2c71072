import { useEffect, useState } from 'react';
import { LoginScreen } from '../features/auth/login-screen.component';
import { useSession } from '../features/auth/use-session.hook';
import { DailyReportPage } from '../features/history/daily-report.page';
import { AppShell } from './app-shell.component';
import { reportDateFromHash } from './app-views';

/** Login first; the console (and every request it makes) only exists with a session. */
export function AppRoot() {
  const session = useSession();
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (!session) return <LoginScreen />;
  // The daily report is a page of its own (no map, no live feed) so it prints as a document.
  const reportDate = reportDateFromHash(hash);
  return reportDate ? <DailyReportPage date={reportDate} /> : <AppShell session={session} />;
}
