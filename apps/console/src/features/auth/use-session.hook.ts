import { useSyncExternalStore } from 'react';
import { auth, type Session } from '../../api/auth.session';

/** The current login (null = show the login screen); re-renders on login, refresh and logout. */
export function useSession(): Session | null {
  return useSyncExternalStore(
    (fn) => auth.subscribe(fn),
    () => auth.current(),
  );
}
