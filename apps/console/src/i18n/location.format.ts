import type { Landmark, LocationDescription } from '@ioc/domain/landmark-locator';
import { describeLocation } from '@ioc/domain/landmark-locator';
import { formatNumber, type Language } from './locale.format';

type T = (key: string, options?: Record<string, unknown>) => string;

/** "120 m" / "1,4 km" (vi) — distances as they are read out, in the language's number style. */
export function formatDistance(m: number, lang: Language): string {
  return m < 1000 ? `${formatNumber(m, lang, 0)} m` : `${formatNumber(m / 1000, lang, 1)} km`;
}

/** "cách Chợ Phan Thiết 120 m" / "120 m from Chợ Phan Thiết", "tại …" / "at …"; "" when no landmark fits. */
export function locationText(d: LocationDescription | null, t: T, lang: Language): string {
  if (!d) return '';
  if (d.kind === 'at') return t('location.at', { name: d.landmark.name });
  return t('location.near', { name: d.landmark.name, distance: formatDistance(d.distanceM, lang) });
}

/** The landmark text of a point with a possibly missing position. */
export function describePoint(
  p: { lat: number | null; lon: number | null },
  landmarks: readonly Landmark[],
  t: T,
  lang: Language,
): string {
  return locationText(describeLocation(p, landmarks), t, lang);
}

/** "45 giây" / "12 phút" / "1 giờ 5 phút" from milliseconds (negative counts as 0). */
export function formatDuration(ms: number, t: T): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('map.duration.s', { n: s });
  if (s < 3600) return t('map.duration.m', { n: Math.floor(s / 60) });
  return t('map.duration.h', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}
