import { roleAtLeast, type Role } from '@ioc/contracts/auth.schema';

/** Right-hand panel views, in tab order; a new view (history…) is one more entry here. */
export const VIEWS = ['incidents', 'units', 'sensors', 'users'] as const;
export type View = (typeof VIEWS)[number];

/** Least role that may open each view (the server enforces the same on its routes). */
const MIN_ROLE: Record<View, Role> = {
  incidents: 'operator',
  units: 'operator',
  sensors: 'operator',
  users: 'admin',
};

export function viewsFor(role: Role): View[] {
  return VIEWS.filter((v) => roleAtLeast(role, MIN_ROLE[v]));
}

/** The view named by the URL hash (`#users`), or null. */
export function viewFromHash(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}
