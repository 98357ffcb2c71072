import { LoginScreen } from '../features/auth/login-screen.component';
import { useSession } from '../features/auth/use-session.hook';
import { AppShell } from './app-shell.component';

/** Login first; the console (and every request it makes) only exists with a session. */
export function AppRoot() {
  const session = useSession();
  return session ? <AppShell session={session} /> : <LoginScreen />;
}
