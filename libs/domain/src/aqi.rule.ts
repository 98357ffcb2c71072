/**
 * Raises when a station's hourly VN_AQI reaches a configured band (e.g. Kém or Xấu) and clears once it
 * is back below that band by a margin; severity follows the band.
 */
import type { CapSeverity } from '@ioc/contracts/incident.schema';
import { VN_AQI_BANDS, vnAqiBandOf, vnAqiBandRank, type VnAqiBand } from './vn-aqi.calculator';

export interface AqiRule {
  /** Lowest band that opens an incident. */
  raiseAtBand: VnAqiBand;
  /** AQI points below the band's lower edge the index must fall to clear; default 10. */
  clearMarginPoints?: number;
}

export interface AqiRuleState {
  raised: boolean;
  /** Highest band seen while raised (escalation compares against it); null when not raised. */
  peakBand: VnAqiBand | null;
}

export interface AqiRuleStep {
  state: AqiRuleState;
  /** escalate: raised and the band rose above the previous peak. */
  event?: 'raise' | 'escalate' | 'clear';
  severity: CapSeverity | null;
}

export const INITIAL_AQI_RULE_STATE: Readonly<AqiRuleState> = Object.freeze({
  raised: false,
  peakBand: null,
});

const SEVERITY_BY_BAND: Readonly<Record<VnAqiBand, CapSeverity>> = {
  good: 'Minor',
  moderate: 'Minor',
  poor: 'Minor',
  bad: 'Moderate',
  very_bad: 'Severe',
  hazardous: 'Extreme',
};

/** Kém → Minor, Xấu → Moderate, Rất xấu → Severe, Nguy hại → Extreme. */
export function aqiSeverity(band: VnAqiBand): CapSeverity {
  return SEVERITY_BY_BAND[band];
}

export function evaluateAqiRule(state: AqiRuleState, aqi: number | null, rule: AqiRule): AqiRuleStep {
  const info = vnAqiBandOf(aqi);
  // A missing hour (no PM) says nothing: keep the state rather than clearing on a data gap.
  if (!info || aqi === null) return { state, severity: state.peakBand ? aqiSeverity(state.peakBand) : null };
  const raiseRank = vnAqiBandRank(rule.raiseAtBand);
  const rank = vnAqiBandRank(info.band);
  if (!state.raised) {
    if (rank < raiseRank) return { state, severity: null };
    return { state: { raised: true, peakBand: info.band }, event: 'raise', severity: aqiSeverity(info.band) };
  }
  const clearBelow = VN_AQI_BANDS[raiseRank].min - (rule.clearMarginPoints ?? 10);
  if (aqi < clearBelow) return { state: INITIAL_AQI_RULE_STATE, event: 'clear', severity: null };
  const peak = state.peakBand!;
  if (rank > vnAqiBandRank(peak))
    return {
      state: { raised: true, peakBand: info.band },
      event: 'escalate',
      severity: aqiSeverity(info.band),
    };
  return { state, severity: aqiSeverity(peak) };
}

/** Incident title for a station, Vietnamese and English, naming the band. */
export function aqiTitle(aqi: number, stationName: string): { vi: string; en: string } {
  const band = vnAqiBandOf(aqi)!;
  return {
    vi: `Chất lượng không khí ${band.vi.toLowerCase()} (VN_AQI ${aqi}) tại ${stationName}`,
    en: `${band.en} air quality (VN_AQI ${aqi}) at ${stationName}`,
  };
}
