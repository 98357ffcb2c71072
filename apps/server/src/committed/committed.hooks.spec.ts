import { Logger } from '@nestjs/common';
import { CommittedHooks } from './committed.hooks';
import type { StoredReading } from '../readings/readings.repository';

// The failures below are deliberate; their log lines are noise here.
beforeAll(() => Logger.overrideLogger(false));

const reading: StoredReading = {
  time: '2025-05-01T00:00:00.000Z',
  deviceId: 'd1',
  metric: 'pm25',
  value: 10,
  valueText: null,
  unit: 'ug/m3',
  source: 'senml',
  receivedAt: '2025-05-01T00:00:01.000Z',
};

describe('CommittedHooks', () => {
  it('hands committed rows to every listener and keeps a throwing listener away from the caller', () => {
    const hooks = new CommittedHooks();
    const seen: string[] = [];
    hooks.register({
      readings: () => {
        throw new Error('boom');
      },
    });
    hooks.register({ readings: (rows) => seen.push(...rows.map((r) => r.deviceId)) });
    expect(() => hooks.readings([reading])).not.toThrow();
    expect(seen).toEqual(['d1']);
    expect(hooks.errors).toBe(1);
  });

  it('does not call listeners for empty batches and stops after unregistering', () => {
    const hooks = new CommittedHooks();
    let calls = 0;
    const off = hooks.register({ readings: () => calls++, signals: () => calls++ });
    hooks.readings([]);
    hooks.signals(0);
    expect(calls).toBe(0);
    hooks.signals(2);
    off();
    hooks.signals(2);
    expect(calls).toBe(1);
  });
});
