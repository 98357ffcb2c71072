import type { IncidentProposal, RaiseResult } from '../incidents/incident-proposal.types';
import { Logger } from '@nestjs/common';
import { ProposalQueue } from './proposal.queue';

// The failures below are deliberate; their log lines are noise here.
beforeAll(() => Logger.overrideLogger(false));

const proposal = (key: string): IncidentProposal => ({
  key,
  ruleId: 'r',
  category: 'other',
  severity: 'Minor',
  title: { vi: key, en: key },
  description: '',
  lat: null,
  lon: null,
  time: '2025-05-01T00:00:00.000Z',
  evidence: { kind: 'reading', ref: key, data: {} },
});

describe('ProposalQueue', () => {
  it('raises one at a time in order, counts outcomes and survives failures', async () => {
    const order: string[] = [];
    let inFlight = 0;
    const queue = new ProposalQueue(async (p): Promise<RaiseResult> => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (p.key === 'bad') throw new Error('incidents unavailable');
      order.push(p.key);
      return { incidentId: 'INC-1', created: p.key === 'a', attached: p.key !== 'a' };
    });
    for (const key of ['a', 'bad', 'b', 'c']) queue.push(async () => proposal(key));
    queue.push(async () => null);
    queue.push(async () => {
      throw new Error('lookup failed');
    });
    await queue.idle();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(queue.stats).toEqual({ queued: 6, raised: 3, created: 1, attached: 2, errors: 2, dropped: 0 });
  });

  it('drops beyond its bound instead of growing without limit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const queue = new ProposalQueue(async () => {
      await gate;
      return { incidentId: 'x', created: true, attached: false };
    }, 2);
    for (let i = 0; i < 5; i++) queue.push(async () => proposal(`k${i}`));
    // the first task is running (taken off the queue); two wait; the rest are dropped
    expect(queue.stats.dropped).toBe(2);
    release();
    await queue.idle();
    expect(queue.stats.raised).toBe(3);
  });
});
