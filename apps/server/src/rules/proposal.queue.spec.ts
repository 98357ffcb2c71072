import type { IncidentCategory } from '@ioc/contracts/incident.schema';
import type { IncidentProposal, RaiseResult } from '../incidents/incident-proposal.types';
import { Logger } from '@nestjs/common';
import { Lane, laneOf, ProposalQueue, type ProposalQueueStats } from './proposal.queue';

// The failures below are deliberate; their log lines are noise here.
beforeAll(() => Logger.overrideLogger(false));

const proposal = (key: string, category: IncidentCategory = 'other'): IncidentProposal => ({
  key,
  ruleId: 'r',
  category,
  severity: 'Minor',
  title: { vi: key, en: key },
  description: '',
  lat: null,
  lon: null,
  time: '2025-05-01T00:00:00.000Z',
  evidence: { kind: 'reading', ref: key, data: {} },
});

/** What entered is accounted for once the queue is idle. */
const balanced = (s: ProposalQueueStats) =>
  s.entered === s.raised + s.merged + s.skipped + s.spilled + s.dropped;

const ok = (p: IncidentProposal): RaiseResult => ({
  incidentId: 'INC-1',
  created: p.key.endsWith('a'),
  attached: false,
});

describe('ProposalQueue', () => {
  it('raises one at a time; fire, flood and security before everything else, device health last', async () => {
    const order: string[] = [];
    let inFlight = 0;
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const queue = new ProposalQueue({
      raise: async (p) => {
        inFlight++;
        expect(inFlight).toBe(1);
        if (p.key === 'offline-0') await first;
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        order.push(p.key);
        return ok(p);
      },
      spill: async () => {
        throw new Error('not expected');
      },
    });
    for (let i = 0; i < 50; i++)
      queue.push(async () => proposal(`offline-${i}`, 'utility'), Lane.deviceHealth);
    queue.push(async () => proposal('no2', 'air_quality'), laneOf('air_quality'));
    queue.push(async () => proposal('fire', 'fire'), laneOf('fire'));
    queue.push(async () => proposal('flood', 'flood'), laneOf('flood'));
    queue.push(async () => proposal('intrusion', 'security'), laneOf('security'));
    expect(queue.laneDepths()).toEqual([3, 1, 49]);
    release();
    await queue.idle();
    // the one in flight finishes; then every urgent one in arrival order, the normal one, the rest
    expect(order.slice(0, 5)).toEqual(['offline-0', 'fire', 'flood', 'intrusion', 'no2']);
    expect(order.slice(5)).toEqual(Array.from({ length: 49 }, (_, i) => `offline-${i + 1}`));
    expect(queue.stats).toMatchObject({ entered: 54, raised: 54, spilled: 0, dropped: 0 });
    expect(balanced(queue.stats)).toBe(true);
  });

  it('past its bound spills to the durable queue instead of dropping, keeping urgent work in memory', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const raised: string[] = [];
    const spilled: string[] = [];
    const queue = new ProposalQueue({
      raise: async (p) => {
        await gate;
        raised.push(p.key);
        return ok(p);
      },
      spill: async (ps) => void spilled.push(...ps.map((p) => p.key)),
      maxQueued: 2,
    });
    for (let i = 0; i < 5; i++) queue.push(async () => proposal(`n${i}`), Lane.normal);
    // n0 is in flight, n1 and n2 wait; n3, n4 spill. A fire displaces the newest waiting normal one (n2).
    queue.push(async () => proposal('fire', 'fire'), Lane.urgent);
    release();
    await queue.idle();
    expect(raised).toEqual(['n0', 'fire', 'n1']);
    expect(spilled.sort()).toEqual(['n2', 'n3', 'n4']);
    expect(queue.stats).toMatchObject({ entered: 6, raised: 3, spilled: 3, dropped: 0 });
    expect(balanced(queue.stats)).toBe(true);
  });

  it('a failed raise goes to the durable queue (retried while the database is away); counted, never lost', async () => {
    let spillFailures = 2;
    const spilled: string[] = [];
    const queue = new ProposalQueue({
      raise: async (p) => {
        if (p.key === 'bad') throw new Error('incidents unavailable');
        return ok(p);
      },
      spill: async (ps) => {
        if (spillFailures-- > 0)
          throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
        spilled.push(...ps.map((p) => p.key));
      },
    });
    for (const key of ['a', 'bad', 'b']) queue.push(async () => proposal(key), Lane.normal);
    queue.push(async () => null, Lane.normal);
    await queue.idle();
    expect(spilled).toEqual(['bad']);
    expect(queue.stats).toMatchObject({
      entered: 4,
      raised: 2,
      created: 1,
      errors: 1,
      spilled: 1,
      skipped: 1,
    });
    expect(balanced(queue.stats)).toBe(true);
  });

  it('weights: a proposal standing for many inputs accounts for all of them', async () => {
    const queue = new ProposalQueue({ raise: async (p) => ok(p), spill: async () => undefined });
    queue.push(async () => proposal('mass-a', 'utility'), Lane.deviceHealth, 500);
    queue.push(async () => null, Lane.deviceHealth, 3);
    queue.merged(2);
    queue.skipped(4);
    await queue.idle();
    expect(queue.stats).toMatchObject({ entered: 509, raised: 1, merged: 501, skipped: 7, dropped: 0 });
    expect(balanced(queue.stats)).toBe(true);
  });

  it('counts as dropped only what could be neither raised nor stored (a row the database refuses)', async () => {
    const queue = new ProposalQueue({
      raise: async () => {
        throw new Error('invalid incident proposal');
      },
      spill: async (ps) => {
        if (ps.some((p) => p.key === 'poison')) throw Object.assign(new Error('bad'), { code: '22P02' });
      },
    });
    queue.push(async () => proposal('fine'), Lane.normal);
    queue.push(async () => proposal('poison'), Lane.normal);
    queue.push(async () => {
      throw new Error('builder bug');
    }, Lane.normal);
    await queue.idle();
    expect(queue.stats).toMatchObject({ entered: 3, raised: 0, errors: 2, spilled: 1, dropped: 2 });
    expect(balanced(queue.stats)).toBe(true);
  });
});
