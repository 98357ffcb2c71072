import {
  DEFAULT_SLA_TARGETS,
  slaAfterRetriage,
  slaState,
  slaTargets,
  stagesToEscalate,
  type SlaIncident,
} from './sla';

const OPENED = '2025-05-01T12:00:00.000Z';
const at = (s: number) => new Date(Date.parse(OPENED) + s * 1000).toISOString();

function incident(over: Partial<SlaIncident> = {}): SlaIncident {
  return {
    category: 'fire',
    severity: 'Extreme',
    status: 'new',
    openedAt: OPENED,
    acknowledgedAt: null,
    dispatchedAt: null,
    resolvedAt: null,
    ...over,
  };
}

describe('slaTargets', () => {
  it('has the default table (minutes): Extreme 2/5/60, Severe 5/10/120, Moderate 15/30/240, Minor 60/120/1440', () => {
    expect(DEFAULT_SLA_TARGETS.Extreme).toEqual({ ackS: 120, dispatchS: 300, resolveS: 3600 });
    expect(DEFAULT_SLA_TARGETS.Severe).toEqual({ ackS: 300, dispatchS: 600, resolveS: 7200 });
    expect(DEFAULT_SLA_TARGETS.Moderate).toEqual({ ackS: 900, dispatchS: 1800, resolveS: 14400 });
    expect(DEFAULT_SLA_TARGETS.Minor).toEqual({ ackS: 3600, dispatchS: 7200, resolveS: 86400 });
    expect(DEFAULT_SLA_TARGETS.Unknown).toEqual(DEFAULT_SLA_TARGETS.Moderate);
  });

  it('applies severity then category overrides', () => {
    const config = {
      bySeverity: { Severe: { ackS: 240 } },
      byCategory: { fire: { Severe: { dispatchS: 300 } } },
    };
    expect(slaTargets('fire', 'Severe', config)).toEqual({ ackS: 240, dispatchS: 300, resolveS: 7200 });
    expect(slaTargets('flood', 'Severe', config)).toEqual({ ackS: 240, dispatchS: 600, resolveS: 7200 });
  });
});

describe('slaState with a controllable clock', () => {
  it('counts down from opening', () => {
    const s = slaState(incident(), at(90));
    expect(s.stages.ack).toEqual({
      state: 'pending',
      targetS: 120,
      deadline: '2025-05-01T12:02:00.000Z',
      elapsedS: 90,
      remainingS: 30,
    });
    expect(s.stages.dispatch.remainingS).toBe(210);
    expect(s.overdue).toBe(false);
    expect(s.nextDeadline).toBe('2025-05-01T12:02:00.000Z');
  });

  it('is still on time exactly at the deadline and overdue one second later', () => {
    expect(slaState(incident(), at(120)).stages.ack.state).toBe('pending');
    const late = slaState(incident(), new Date(at(121)));
    expect(late.stages.ack).toMatchObject({ state: 'overdue', remainingS: -1 });
    expect(late.overdue).toBe(true);
    expect(late.nextDeadline).toBe('2025-05-01T12:05:00.000Z');
  });

  it('stops a clock when its step is done: met or breached', () => {
    const s = slaState(
      incident({ status: 'dispatched', acknowledgedAt: at(60), dispatchedAt: at(420) }),
      at(3000),
    );
    expect(s.stages.ack).toMatchObject({ state: 'met', elapsedS: 60, remainingS: 60 });
    expect(s.stages.dispatch).toMatchObject({ state: 'breached', elapsedS: 420, remainingS: -120 });
    expect(s.stages.resolve).toMatchObject({ state: 'pending', remainingS: 600 });
    // a breached step is history, not a live flag
    expect(s.overdue).toBe(false);
  });

  it('flags the resolve clock when it runs out', () => {
    const s = slaState(
      incident({ status: 'on_scene', acknowledgedAt: at(60), dispatchedAt: at(200) }),
      Date.parse(at(3601)),
    );
    expect(s.stages.resolve.state).toBe('overdue');
    expect(s.overdue).toBe(true);
    expect(s.nextDeadline).toBeNull();
  });

  it('marks steps skipped by an ended incident as not applicable', () => {
    const cancelled = slaState(incident({ status: 'cancelled' }), at(9999));
    expect(Object.values(cancelled.stages).map((x) => x.state)).toEqual([
      'not_applicable',
      'not_applicable',
      'not_applicable',
    ]);
    expect(cancelled.overdue).toBe(false);
    const remote = slaState(
      incident({ status: 'resolved', acknowledgedAt: at(30), resolvedAt: at(600) }),
      at(9999),
    );
    expect(remote.stages.dispatch).toMatchObject({ state: 'not_applicable', remainingS: null });
    expect(remote.stages.resolve).toMatchObject({ state: 'met', elapsedS: 600 });
  });

  it('uses the targets of the incident’s category and severity', () => {
    const s = slaState(incident({ category: 'air_quality', severity: 'Minor' }), at(3000));
    expect(s.stages.ack).toMatchObject({ state: 'pending', remainingS: 600 });
  });
});

describe('stagesToEscalate', () => {
  it('returns each overdue stage once', () => {
    const s = slaState(incident(), at(301));
    expect(stagesToEscalate(s, [])).toEqual(['ack', 'dispatch']);
    expect(stagesToEscalate(s, ['ack'])).toEqual(['dispatch']);
    expect(stagesToEscalate(s, ['ack', 'dispatch'])).toEqual([]);
    expect(stagesToEscalate(slaState(incident(), at(10)), [])).toEqual([]);
  });
});

describe('slaAfterRetriage', () => {
  const opened = '2026-01-01T00:00:00.000Z';
  const at = (min: number) => new Date(Date.parse(opened) + min * 60_000).toISOString();
  const base: SlaIncident = {
    category: 'other',
    severity: 'Extreme',
    status: 'new',
    openedAt: opened,
    acknowledgedAt: null,
    dispatchedAt: null,
    resolvedAt: null,
  };

  it('clears an escalation the new, longer targets no longer justify, and the overdue flag with it', () => {
    // 3 min after opening: Extreme's 2-min ack target passed (escalated); Minor allows 60 min.
    expect(slaAfterRetriage(base, at(3), {}, ['ack'])).toEqual({ overdue: true, escalatedStages: ['ack'] });
    expect(slaAfterRetriage({ ...base, severity: 'Minor' }, at(3), {}, ['ack'])).toEqual({
      overdue: false,
      escalatedStages: [],
    });
  });

  it('keeps an escalation of a stage done late, and reports a stage the shorter targets make overdue', () => {
    const acked = {
      ...base,
      severity: 'Minor' as const,
      status: 'acknowledged' as const,
      acknowledgedAt: at(70),
    };
    expect(slaAfterRetriage(acked, at(80), {}, ['ack'])).toEqual({ overdue: true, escalatedStages: ['ack'] });
    // Moderate → Extreme at 6 min: the dispatch target (5 min) has passed, not yet escalated.
    const raised = {
      ...base,
      severity: 'Extreme' as const,
      status: 'acknowledged' as const,
      acknowledgedAt: at(1),
    };
    expect(slaAfterRetriage(raised, at(6), {}, [])).toEqual({ overdue: true, escalatedStages: [] });
  });

  it('follows category overrides', () => {
    const cfg = { byCategory: { fire: { Minor: { ackS: 60 } } } };
    expect(slaAfterRetriage({ ...base, severity: 'Minor', category: 'fire' }, at(3), cfg, ['ack'])).toEqual({
      overdue: true,
      escalatedStages: ['ack'],
    });
  });
});
