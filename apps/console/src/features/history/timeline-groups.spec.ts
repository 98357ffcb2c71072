import type { TimelineItem } from '@ioc/contracts/history.schema';
import { currentRowIndex, groupTimeline } from './timeline-groups';

const T0 = Date.parse('2026-12-04T12:00:00Z');
let n = 0;
const item = (sec: number, type: TimelineItem['type'], action: string): TimelineItem => ({
  id: `x${n++}`,
  time: new Date(T0 + sec * 1000).toISOString(),
  type,
  action,
  title: `${type} ${action}`,
  titleEn: `${type} ${action}`,
  severity: null,
  category: null,
  ward: null,
  lat: null,
  lon: null,
  deviceId: null,
  incidentId: null,
  unitId: null,
});

describe('groupTimeline', () => {
  it('folds a burst of back-online rows into one, keeps the rest and the order', () => {
    const items = [
      item(0, 'incident', 'open'),
      ...Array.from({ length: 18 }, (_, i) => item(10 + i * 5, 'device', 'online')),
      item(200, 'device', 'offline'),
      item(210, 'device', 'online'),
      item(220, 'device', 'online'),
    ];
    const rows = groupTimeline(items);
    expect(rows.map((r) => (r.kind === 'item' ? r.item.action : `burst×${r.items.length}`))).toEqual([
      'open',
      'burst×18',
      'offline',
      'online',
      'online',
    ]);
    const burst = rows[1];
    expect(burst.kind === 'online-burst' && [burst.time, burst.last]).toEqual([
      items[1].time,
      items[18].time,
    ]);
  });

  it('splits runs separated by more than two minutes', () => {
    const items = [
      ...[0, 10, 20].map((s) => item(s, 'device', 'online')),
      ...[500, 510, 520, 530].map((s) => item(s, 'device', 'online')),
    ];
    expect(groupTimeline(items).map((r) => (r.kind === 'online-burst' ? r.items.length : 0))).toEqual([3, 4]);
  });

  it('finds the row the replay is at', () => {
    const rows = groupTimeline([
      item(0, 'incident', 'open'),
      item(60, 'unit', 'en_route'),
      item(120, 'incident', 'ack'),
    ]);
    expect(currentRowIndex(rows, T0 - 1)).toBe(-1);
    expect(currentRowIndex(rows, T0)).toBe(0);
    expect(currentRowIndex(rows, T0 + 90_000)).toBe(1);
    expect(currentRowIndex(rows, T0 + 3600_000)).toBe(2);
  });
});
