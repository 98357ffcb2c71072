import type { City } from '@ioc/contracts/city.schema';
import type { Incident } from '@ioc/contracts/incident.schema';
import { buildQueue, DEFAULT_QUEUE_FILTER, formatCountdown } from './incident-queue';

const city = {
  wards: [
    { id: 'w1', name: 'Phú Thủy' },
    { id: 'w2', name: 'Đức Long' },
  ],
} as unknown as City;
const now = Date.parse('2026-11-23T10:10:00.000Z');

function inc(p: Partial<Incident>): Incident {
  return {
    id: 'x',
    status: 'new',
    category: 'flood',
    subCategory: null,
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    title: 'Ngập đường',
    titleEn: null,
    description: '',
    lat: null,
    lon: null,
    ward: 'w1',
    source: 'r',
    openedAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    lastSignalAt: '2026-11-23T10:00:00.000Z',
    acknowledgedAt: null,
    dispatchedAt: null,
    resolvedAt: null,
    closedAt: null,
    assignee: null,
    unitIds: [],
    evidenceCount: 1,
    overdue: false,
    relatedIncidentId: null,
    mergedInto: null,
    ...p,
  };
}

describe('buildQueue', () => {
  it('sorts by severity, then by the nearest SLA deadline', () => {
    const rows = buildQueue(
      [
        inc({ id: 'minor', severity: 'Minor' }),
        inc({ id: 'mod-late', openedAt: '2026-11-23T09:50:00.000Z' }),
        inc({ id: 'mod', openedAt: '2026-11-23T10:05:00.000Z' }),
        inc({ id: 'ext', severity: 'Extreme' }),
      ],
      city,
      DEFAULT_QUEUE_FILTER,
      now,
    );
    expect(rows.map((r) => r.incident.id)).toEqual(['ext', 'mod-late', 'mod', 'minor']);
    // Extreme: ack target 2 min, opened 10 min ago → overdue
    expect(rows[0]!.overdue).toBe(true);
    expect(rows[0]!.slaRemainingS).toBeLessThan(0);
    expect(rows[2]!.overdue).toBe(false);
  });

  it('filters by status, category and ward, and drops ended incidents', () => {
    const all = [
      inc({ id: 'a' }),
      inc({ id: 'b', status: 'acknowledged', acknowledgedAt: '2026-11-23T10:01:00.000Z' }),
      inc({ id: 'c', category: 'fire', ward: 'w2' }),
      inc({ id: 'd', status: 'closed' }),
    ];
    const ids = (f: Partial<typeof DEFAULT_QUEUE_FILTER>) =>
      buildQueue(all, city, { ...DEFAULT_QUEUE_FILTER, ...f }, now)
        .map((r) => r.incident.id)
        .sort();
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ status: 'acknowledged' })).toEqual(['b']);
    expect(ids({ category: 'fire' })).toEqual(['c']);
    expect(ids({ ward: 'w2' })).toEqual(['c']);
  });

  it('searches titles and ward names ignoring diacritics', () => {
    const all = [inc({ id: 'a', ward: 'w1' }), inc({ id: 'b', ward: 'w2', title: 'Cháy nhà' })];
    const q = (query: string) =>
      buildQueue(all, city, { ...DEFAULT_QUEUE_FILTER, query }, now).map((r) => r.incident.id);
    expect(q('phu thuy')).toEqual(['a']);
    expect(q('duc long chay')).toEqual(['b']);
    expect(q('ngap duong')).toEqual(['a']);
  });
});

describe('formatCountdown', () => {
  it('formats minutes and hours, with a minus when overdue', () => {
    expect(formatCountdown(75)).toBe('1:15');
    expect(formatCountdown(3725)).toBe('1:02:05');
    expect(formatCountdown(-30)).toBe('−0:30');
  });
});
