import {
  DailyReportSchema,
  ReplayEventsSchema,
  ReplayStateSchema,
  TimelineHistogramSchema,
  TimelinePageSchema,
  type TimelineType,
} from '@ioc/contracts/history.schema';
import { getJson } from '../../api/http.client';

/** Filters of the history view (the server's timeline query, minus paging). */
export interface HistoryFilter {
  from: string;
  to: string;
  types?: readonly TimelineType[];
  severity?: string;
  category?: string;
  ward?: string;
  q?: string;
}

/** The query string of a filter; empty values are left out (the server refuses empty lists). */
export function historyQuery(
  f: HistoryFilter,
  extra: Record<string, string | number | undefined> = {},
): string {
  const p = new URLSearchParams({ from: f.from, to: f.to });
  if (f.types?.length) p.set('types', f.types.join(','));
  for (const k of ['severity', 'category', 'ward'] as const) if (f[k]) p.set(k, f[k]);
  if (f.q?.trim()) p.set('q', f.q.trim());
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

export const historyApi = {
  timeline: (f: HistoryFilter, cursor?: string, signal?: AbortSignal) =>
    getJson(`/api/timeline?${historyQuery(f, { cursor, limit: 200 })}`, TimelinePageSchema, signal),
  histogram: (f: HistoryFilter, signal?: AbortSignal) =>
    getJson(`/api/timeline/histogram?${historyQuery(f)}`, TimelineHistogramSchema, signal),
  state: (at: string, signal?: AbortSignal) =>
    getJson(`/api/replay/state?${new URLSearchParams({ at })}`, ReplayStateSchema, signal),
  events: (from: string, to: string, signal?: AbortSignal) =>
    getJson(`/api/replay/events?${new URLSearchParams({ from, to })}`, ReplayEventsSchema, signal),
  dailyReport: (date: string, signal?: AbortSignal) =>
    getJson(`/api/history/daily-report?${new URLSearchParams({ date })}`, DailyReportSchema, signal),
  /** Download URLs (fetched with the session token by `download` below). */
  timelineCsvUrl: (f: HistoryFilter) => `/api/exports/timeline.csv?${historyQuery(f)}`,
  readingsCsvUrl: (f: HistoryFilter) =>
    `/api/exports/readings.csv?${historyQuery({ from: f.from, to: f.to })}`,
  capBundleUrl: (f: HistoryFilter) =>
    `/api/exports/incidents.cap.xml?${historyQuery({ from: f.from, to: f.to })}`,
};
