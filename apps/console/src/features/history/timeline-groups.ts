import type { TimelineItem } from '@ioc/contracts/history.schema';

/** A row of the history list: one item, or a burst of devices coming back online folded into one. */
export type TimelineRow =
  | { kind: 'item'; item: TimelineItem }
  | { kind: 'online-burst'; id: string; time: string; last: string; items: TimelineItem[] };

/** Fewest "back online" rows folded into one (fewer read fine one by one). */
export const BURST_MIN = 3;
/** Longest gap between two of them that still counts as one burst (a server start, a network coming back). */
export const BURST_GAP_MS = 2 * 60_000;

const isOnline = (i: TimelineItem) => i.type === 'device' && i.action === 'online';

/**
 * Folds runs of device "back online" items (consecutive in the list, each within BURST_GAP_MS of the last)
 * into one row: after a restart a few dozen devices report in at once, which would otherwise push the
 * incidents out of sight. Everything else keeps its own row, in order.
 */
export function groupTimeline(items: readonly TimelineItem[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run: TimelineItem[] = [];
  const flush = () => {
    if (run.length >= BURST_MIN)
      rows.push({
        kind: 'online-burst',
        id: `burst:${run[0].id}`,
        time: run[0].time,
        last: run[run.length - 1].time,
        items: run,
      });
    else for (const item of run) rows.push({ kind: 'item', item });
    run = [];
  };
  for (const item of items) {
    if (isOnline(item)) {
      const prev = run[run.length - 1];
      if (prev && Date.parse(item.time) - Date.parse(prev.time) > BURST_GAP_MS) flush();
      run.push(item);
      continue;
    }
    flush();
    rows.push({ kind: 'item', item });
  }
  flush();
  return rows;
}

const rowTime = (r: TimelineRow) => Date.parse(r.kind === 'item' ? r.item.time : r.time);

/** Index of the row the replay is at: the last one that started at or before `at` (-1 before the first). */
export function currentRowIndex(rows: readonly TimelineRow[], at: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rowTime(rows[mid]) <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
