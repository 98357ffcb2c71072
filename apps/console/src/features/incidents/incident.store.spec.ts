import type { Incident } from '@ioc/contracts/incident.schema';
import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import { IncidentStore } from './incident.store';

const base: Incident = {
  id: 'inc-1',
  status: 'new',
  category: 'air_quality',
  subCategory: null,
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  title: 'Bụi mịn',
  titleEn: 'Fine dust',
  description: '',
  lat: 10.93,
  lon: 108.1,
  ward: 'w1',
  source: 'rule',
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
};

const ev = (seq: number, op: 'open' | 'ack', payload: Partial<Incident>): LiveEvent => ({
  seq,
  time: '2026-11-23T10:00:00.000Z',
  kind: 'incident',
  entityId: payload.id ?? base.id,
  op,
  payload: { ...base, ...payload },
});

describe('IncidentStore', () => {
  it('holds events that arrive before the snapshot and applies them over it', () => {
    const s = new IncidentStore();
    expect(
      s.applyEvents([ev(5, 'ack', { status: 'acknowledged', updatedAt: '2026-11-23T10:01:00.000Z' })]),
    ).toEqual([]);
    s.applySnapshot([base]);
    expect(s.getSnapshot().get('inc-1')?.status).toBe('acknowledged');
  });

  it('does not let an event older than the snapshot roll it back', () => {
    const s = new IncidentStore();
    s.applyEvents([ev(5, 'open', {})]);
    s.applySnapshot([{ ...base, status: 'acknowledged', updatedAt: '2026-11-23T10:01:00.000Z' }]);
    expect(s.getSnapshot().get('inc-1')?.status).toBe('acknowledged');
  });

  it('reports incidents opened live (for the alert) and notifies listeners once per batch', () => {
    const s = new IncidentStore();
    s.applySnapshot([]);
    let calls = 0;
    s.subscribe(() => calls++);
    const opened = s.applyEvents([
      ev(1, 'open', { id: 'a' }),
      ev(2, 'ack', { id: 'a', status: 'acknowledged', updatedAt: '2026-11-23T10:02:00.000Z' }),
    ]);
    expect(opened.map((i) => i.id)).toEqual(['a']);
    expect(s.getSnapshot().get('a')?.status).toBe('acknowledged');
    expect(calls).toBe(1);
  });

  it('a reload snapshot replaces incidents that are gone', () => {
    const s = new IncidentStore();
    s.applySnapshot([base, { ...base, id: 'b' }]);
    s.applySnapshot([{ ...base, id: 'b' }]);
    expect([...s.getSnapshot().keys()]).toEqual(['b']);
  });
});
