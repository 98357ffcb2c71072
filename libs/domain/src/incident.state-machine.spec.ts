import {
  IncidentCommandSchema,
  IncidentStatusSchema,
  type IncidentCommand,
} from '@ioc/contracts/incident.schema';
import {
  allowedCommands,
  canReceiveMerge,
  isOpenStatus,
  isTerminalStatus,
  transition,
  unitStatusForIncidentStatus,
} from './incident.state-machine';

describe('incident state machine', () => {
  it('walks the full lifecycle new → … → closed', () => {
    const steps: [IncidentCommand, string][] = [
      ['ack', 'acknowledged'],
      ['dispatch', 'dispatched'],
      ['en_route', 'en_route'],
      ['on_scene', 'on_scene'],
      ['resolve', 'resolved'],
      ['close', 'closed'],
    ];
    let status = IncidentStatusSchema.parse('new');
    for (const [command, expected] of steps) {
      const result = transition(status, command);
      expect(result).toEqual({ ok: true, to: expected, changesStatus: true });
      if (result.ok) status = result.to;
    }
    expect(status).toBe('closed');
  });

  it('refuses an invalid transition and lists what is allowed', () => {
    expect(transition('new', 'dispatch')).toEqual({
      ok: false,
      allowed: ['ack', 'cancel', 'comment', 'assign', 'tick_sop', 'retriage', 'merge'],
    });
    expect(transition('new', 'close')).toMatchObject({ ok: false });
    expect(transition('resolved', 'cancel')).toEqual({
      ok: false,
      allowed: ['close', 'comment', 'assign', 'tick_sop', 'reopen'],
    });
    expect(transition('closed', 'ack')).toEqual({ ok: false, allowed: ['comment'] });
    expect(transition('cancelled', 'assign')).toEqual({ ok: false, allowed: ['comment'] });
  });

  it.each(['new', 'acknowledged', 'dispatched', 'en_route', 'on_scene'] as const)(
    'cancels from %s',
    (status) => {
      expect(transition(status, 'cancel')).toEqual({ ok: true, to: 'cancelled', changesStatus: true });
    },
  );

  it('lets a unit report on scene without reporting en route', () => {
    expect(transition('dispatched', 'on_scene')).toEqual({ ok: true, to: 'on_scene', changesStatus: true });
  });

  it('resolves without dispatch once acknowledged, but not straight from new', () => {
    expect(transition('acknowledged', 'resolve')).toEqual({ ok: true, to: 'resolved', changesStatus: true });
    expect(transition('new', 'resolve').ok).toBe(false);
  });

  it('dispatches more units without moving the incident back', () => {
    expect(transition('dispatched', 'dispatch')).toEqual({
      ok: true,
      to: 'dispatched',
      changesStatus: false,
    });
    expect(transition('en_route', 'dispatch')).toEqual({ ok: true, to: 'en_route', changesStatus: false });
    expect(transition('on_scene', 'dispatch')).toEqual({ ok: true, to: 'on_scene', changesStatus: false });
  });

  it('keeps the status on comment, assign and SOP ticks', () => {
    expect(transition('on_scene', 'comment')).toEqual({ ok: true, to: 'on_scene', changesStatus: false });
    expect(transition('new', 'assign')).toEqual({ ok: true, to: 'new', changesStatus: false });
    expect(transition('acknowledged', 'tick_sop')).toEqual({
      ok: true,
      to: 'acknowledged',
      changesStatus: false,
    });
    expect(transition('closed', 'comment')).toEqual({ ok: true, to: 'closed', changesStatus: false });
  });

  it('reopens only a resolved incident, back to acknowledged', () => {
    expect(transition('resolved', 'reopen')).toEqual({ ok: true, to: 'acknowledged', changesStatus: true });
    for (const status of IncidentStatusSchema.options.filter((s) => s !== 'resolved'))
      expect(transition(status, 'reopen').ok).toBe(false);
  });

  it('re-triages open incidents only, without moving them', () => {
    expect(transition('en_route', 'retriage')).toEqual({ ok: true, to: 'en_route', changesStatus: false });
    for (const status of ['resolved', 'closed', 'cancelled'] as const)
      expect(transition(status, 'retriage').ok).toBe(false);
  });

  it('merges an open duplicate (cancelling it) into an open or resolved incident only', () => {
    expect(transition('new', 'merge')).toEqual({ ok: true, to: 'cancelled', changesStatus: true });
    expect(transition('resolved', 'merge').ok).toBe(false);
    expect(IncidentStatusSchema.options.filter(canReceiveMerge)).toEqual([
      'new',
      'acknowledged',
      'dispatched',
      'en_route',
      'on_scene',
      'resolved',
    ]);
  });

  it('agrees with allowedCommands for every status × command pair', () => {
    for (const status of IncidentStatusSchema.options)
      for (const command of IncidentCommandSchema.options)
        expect(transition(status, command).ok).toBe(allowedCommands(status).includes(command));
  });

  it('classifies open and terminal statuses', () => {
    expect(IncidentStatusSchema.options.filter(isOpenStatus)).toEqual([
      'new',
      'acknowledged',
      'dispatched',
      'en_route',
      'on_scene',
    ]);
    expect(IncidentStatusSchema.options.filter(isTerminalStatus)).toEqual(['closed', 'cancelled']);
  });

  it('maps incident status to the status of its units', () => {
    expect(unitStatusForIncidentStatus('dispatched')).toBe('dispatched');
    expect(unitStatusForIncidentStatus('on_scene')).toBe('on_scene');
    expect(unitStatusForIncidentStatus('resolved')).toBe('available');
    expect(unitStatusForIncidentStatus('cancelled')).toBe('available');
    expect(unitStatusForIncidentStatus('acknowledged')).toBeNull();
  });
});
