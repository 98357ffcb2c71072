import { useCallback } from 'react';
import { useLocation } from 'wouter';
import { viewFromHash, type View } from './app-views';

/** The right-hand panel's view is the route (`#/units`, `#users`…); incidents when the route names none. */
export function usePanelView(): [View, (v: View) => void] {
  const [location, navigate] = useLocation();
  const view = viewFromHash(location) ?? 'incidents';
  // replace, as before: switching tabs does not fill the browser history
  const setView = useCallback((v: View) => navigate(`/${v}`, { replace: true }), [navigate]);
  return [view, setView];
}
