import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { LoginScreen } from '../features/auth/login-screen.component';
import { useSession } from '../features/auth/use-session.hook';
import { AppShell } from './app-shell.component';
import { createQueryClient } from './query.client';

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
  const [queryClient] = useState(createQueryClient);
  // nothing read under one login is shown to the next
  useEffect(() => {
    if (!session) queryClient.clear();
  }, [session, queryClient]);
  if (!session) return <LoginScreen />;
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
