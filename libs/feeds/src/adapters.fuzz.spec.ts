import { AdapterResultSchema } from '@ioc/contracts/feed-result.schema';
import { ADAPTERS } from './adapter.registry';
import { createAdapterContext } from './adapter.context';
import type { AdapterName } from './adapter.types';
import { fixtureBytes } from '../test/fixture.util';
import { fuzzCases, fuzzSeed, SEEDS } from './fuzz.util';

/** Property-style check: whatever bytes arrive, an adapter returns a contract-valid result and never throws. */

const RUNS = 2000;

describe('adapters never throw', () => {
  const ctx = createAdapterContext({
    frigateBaseUrl: 'http://nvr:5000',
    frigateCameras: { front_door: 'cam-1', front_cam: 'cam-2' },
    maxTextChars: 100,
  });
  const receivedAt = new Date('2024-11-22T08:00:00.000Z');

  it.each(Object.keys(SEEDS) as AdapterName[])(
    '%s: 2,000 random/mutated payloads → contract-valid result, reason non-empty',
    (name) => {
      const adapter = ADAPTERS[name];
      const outcomes = { ok: 0, rejected: 0 };
      let i = 0;
      for (const { topic, payload } of fuzzCases(name, RUNS, fuzzSeed(name))) {
        i++;
        const result = adapter(topic, payload, receivedAt, ctx);
        const parsed = AdapterResultSchema.safeParse(result);
        if (!parsed.success)
          throw new Error(
            `${name} #${i} broke the contract: ${parsed.error.message}\n${new TextDecoder().decode(payload)}`,
          );
        if (result.ok) outcomes.ok++;
        else {
          expect(result.reason.trim().length).toBeGreaterThan(0);
          expect(result.reason).not.toMatch(/adapter error/);
          outcomes.rejected++;
        }
      }
      // The generator must exercise both paths, or the property says little.
      expect(outcomes.ok).toBeGreaterThan(20);
      expect(outcomes.rejected).toBeGreaterThan(200);
    },
  );

  it('fixtures themselves stay accepted (sanity for the seeds above)', () => {
    expect(
      ADAPTERS.ttn('v3/app1/devices/dev1/up', fixtureBytes('tts-v3-uplink.json'), receivedAt, ctx).ok,
    ).toBe(true);
  });
});
