import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { LoginScreen } from '../features/auth/login-screen.component';
import { useSession } from '../features/auth/use-session.hook';
import { AppShell } from './app-shell.component';
import { citizenRoute } from './app-views';
import { createQueryClient } from './query.client';

// Pages of the narrow doors, loaded only when opened: the public citizen pages and the responder's phone.
const CitizenReportPage = lazy(() =>
  import('../features/citizen/citizen-report.page').then((m) => ({ default: m.CitizenReportPage })),
);
const CitizenStatusPage = lazy(() =>
  import('../features/citizen/citizen-status.page').then((m) => ({ default: m.CitizenStatusPage })),
);
const FieldPage = lazy(() => import('../features/field/field.page').then((m) => ({ default: m.FieldPage })));

// The daily report is a page of its own (no map, no live feed) so it prints as a document.
const DailyReportPage = lazy(() =>
  import('../features/history/daily-report.page').then((m) => ({ default: m.DailyReportPage })),
);

/**
 * Login first; the console (and every request it makes) only exists with a session. Routes live in the
 * URL hash (`#/report/2026-03-01`, `#/users`), so links and bookmarks work without server-side routing.
 */
export function AppRoot() {
  const session = useSession();
  const hash = useHash();
  const [queryClient] = useState(createQueryClient);
  // nothing read under one login is shown to the next
  useEffect(() => {
    if (!session) queryClient.clear();
  }, [session, queryClient]);
  // The citizen pages need no login (and ignore one): `#/citizen`, `#/citizen/<tracking code>`.
  const citizen = citizenRoute(hash);
  if (citizen)
    return (
      <Suspense fallback={null}>
        {citizen.page === 'form' ? <CitizenReportPage /> : <CitizenStatusPage code={citizen.code} />}
      </Suspense>
    );
  if (!session) return <LoginScreen />;
  // A responder's phone shows its field view and nothing else, whatever the URL says.
  if (session.user.role === 'responder')
    return (
      <Suspense fallback={null}>
        <FieldPage session={session} />
      </Suspense>
    );
  return (
    <QueryClientProvider client={queryClient}>
      <Router hook={useHashLocation}>
        <Switch>
          <Route path={/^\/report\/(?<date>\d{4}-\d{2}-\d{2})$/}>
            {(params: { date?: string }) => (
              <Suspense fallback={null}>
                <DailyReportPage date={params.date!} />
              </Suspense>
            )}
          </Route>
          <Route>
            <AppShell session={session} />
          </Route>
        </Switch>
      </Router>
    </QueryClientProvider>
  );
}

/** The URL hash, re-rendering on change (the public pages are routed before any session exists). */
function useHash(): string {
  return useSyncExternalStore(
    (fn) => {
      window.addEventListener('hashchange', fn);
      return () => window.removeEventListener('hashchange', fn);
    },
    () => window.location.hash,
  );
}
