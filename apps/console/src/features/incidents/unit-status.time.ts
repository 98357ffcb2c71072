/** Whole minutes and hours a unit has been in its status, for a ticking "12 phút" / "1 giờ 5 phút". */
export function statusDuration(sinceIso: string | undefined, nowMs: number): { h: number; m: number } | null {
  if (!sinceIso) return null;
  const since = Date.parse(sinceIso);
  if (Number.isNaN(since)) return null;
  const min = Math.max(0, Math.floor((nowMs - since) / 60_000));
  return { h: Math.floor(min / 60), m: min % 60 };
}
