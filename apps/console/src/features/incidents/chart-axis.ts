import { formatDecimal } from '@ioc/domain/metric-display';
import type { Language } from '../../i18n/locale.format';

/**
 * Fewest decimals (≤ 4) at which every tick of an axis reads differently and as its value:
 * 1.2 / 1.4 / 1.6 need one, 0.25 / 0.5 / 0.75 two, 100 / 200 none.
 */
export function tickDigits(splits: readonly number[]): number {
  for (let d = 0; d < 4; d++) {
    const f = 10 ** d;
    if (splits.every((s) => Math.abs(Math.round(s * f) / f - s) < 1e-9 * Math.max(1, Math.abs(s)))) return d;
  }
  return 4;
}

/** The y-axis tick labels in the UI language, all with the same decimals ("1,2" "1,4" "1,6"). */
export function yTickLabels(splits: readonly number[], lang: Language): string[] {
  const d = tickDigits(splits);
  return splits.map((s) => formatDecimal(s, lang, d));
}

/**
 * The value range a chart shows: the data, widened to take in the guide levels (a gauge's alarm levels
 * stay on screen even while the water is far below them), padded by 8 % so nothing sits on the frame.
 */
export function yRange(data: readonly (number | null)[], levels: readonly number[]): [number, number] {
  const vals = [...data.filter((v): v is number => v !== null && Number.isFinite(v)), ...levels];
  if (!vals.length) return [0, 1];
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  // a measured quantity that cannot go negative does not get a negative axis for padding's sake
  if (Math.min(...vals) >= 0 && lo < 0) lo = 0;
  return [lo, hi];
}
