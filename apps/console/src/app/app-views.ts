import { roleAtLeast, type Role } from '@ioc/contracts/auth.schema';

/** Right-hand panel views, in tab order; a new view is one more entry here. */
export const VIEWS = ['incidents', 'units', 'sensors', 'history', 'users'] as const;
export type View = (typeof VIEWS)[number];

/** Least role that may open each view (the server enforces the same on its routes). */
const MIN_ROLE: Record<View, Role> = {
  incidents: 'operator',
  units: 'operator',
  sensors: 'operator',
  history: 'operator',
  users: 'admin',
};

export function viewsFor(role: Role): View[] {
  return VIEWS.filter((v) => roleAtLeast(role, MIN_ROLE[v]));
}

/** The view named by the URL hash (`#users`, `#/users`) or the router's path (`/users`), or null. */
export function viewFromHash(hash: string): View | null {
  const name = hash.replace(/^#?\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}

/** The daily report's date for `#/report/YYYY-MM-DD` (or the path `/report/…`): a page of its own, for printing. */
export function reportDateFromHash(hash: string): string | null {
  return /^#?\/?report\/(\d{4}-\d{2}-\d{2})$/.exec(hash)?.[1] ?? null;
}

/** The public citizen pages: `#/citizen` (the form), `#/citizen/<code>` or `#/citizen/status` (lookup). */
export function citizenRoute(
  hash: string,
): { page: 'form' } | { page: 'status'; code: string | null } | null {
  const m = /^#?\/?citizen(?:\/([^/?#]*))?\/?$/.exec(hash);
  if (!m) return null;
  if (m[1] === undefined || m[1] === '') return { page: 'form' };
  return { page: 'status', code: m[1] === 'status' ? null : decodeURIComponent(m[1]).toUpperCase() };
}
