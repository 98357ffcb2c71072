import { connectAsync, type MqttClient } from 'mqtt';
import { createServer, type Server } from 'node:net';
import { z } from 'zod';
import { loadCity } from '../src/city.loader';
import { startSimulator } from '../src/simulator.runner';

// What a SenML pack from the simulator must look like for the server's adapter.
const SenmlPackSchema = z
  .array(
    z.object({
      bn: z.string().optional(),
      bt: z.number().optional(),
      n: z.string().min(1),
      u: z.string().optional(),
      v: z.number().finite().optional(),
      vb: z.boolean().optional(),
    }),
  )
  .min(1)
  .refine(
    (p) => typeof p[0].bn === 'string' && typeof p[0].bt === 'number',
    'first record carries bn and bt',
  );

jest.setTimeout(60_000);

describe('simulator against an in-process aedes broker', () => {
  let server: Server;
  let closeBroker: () => Promise<void>;
  let url: string;
  let sub: MqttClient;

  beforeAll(async () => {
    // aedes 1.x is ESM-only; jest's swc transform turns it into CommonJS.
    const { Aedes } = await import('aedes');
    const broker = await Aedes.createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    url = `mqtt://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    closeBroker = () => new Promise<void>((resolve) => server.close(() => broker.close(() => resolve())));
    sub = await connectAsync(url, { clientId: 'spec-sub' });
  });

  afterAll(async () => {
    await sub.endAsync();
    await closeBroker();
  });

  it('publishes every message it counts, and valid SenML packs on ioc/senml/<device> for every senml device', async () => {
    const city = loadCity();
    const received: { topic: string; payload: Buffer }[] = [];
    sub.on('message', (topic, payload) => received.push({ topic, payload }));
    await sub.subscribeAsync(['ioc/senml/+', 'ngsi-ld/#', 'v3/#', 'zigbee2mqtt/#', 'owntracks/#'], {
      qos: 1,
    });

    const start = Date.UTC(2024, 10, 22, 1, 0, 0);
    const sim = await startSimulator({
      url,
      city,
      seed: 5,
      speed: 600,
      durationS: 2,
      startMs: start,
      summaryEveryS: 0,
    });
    await sim.done;
    const stats = sim.stats();
    // Subscriber deliveries lag the publisher's PUBACKs (seconds on a loaded 2-core machine).
    for (let i = 0; i < 750 && received.length < stats.published; i++)
      await new Promise((r) => setTimeout(r, 20));

    const senmlIds = new Set(city.sensors.filter((s) => s.format === 'senml').map((s) => s.id));
    // 2 s at ×600 = 20 simulated minutes: every 60 s device sends ~20 messages.
    expect(stats.published).toBeGreaterThan(300);
    expect(stats.acked).toBe(stats.published);
    expect(stats.failed).toBe(0);
    expect(received.length).toBe(stats.published);

    const seen = new Set<string>();
    for (const { topic, payload } of received.filter((m) => m.topic.startsWith('ioc/senml/'))) {
      const device = topic.split('/')[2];
      expect(senmlIds.has(device)).toBe(true);
      const pack = SenmlPackSchema.parse(JSON.parse(payload.toString('utf8')));
      expect(pack[0].bn).toBe(device);
      const btMs = (pack[0].bt ?? 0) * 1000;
      // the run opens with each device's latest report from the past interval
      expect(btMs).toBeGreaterThanOrEqual(
        start - Math.max(...city.sensors.map((x) => x.expectedIntervalS)) * 1000,
      );
      expect(btMs).toBeLessThanOrEqual(start + 2 * 600 * 1000);
      expect(pack.map((r) => r.n)).toEqual(city.sensors.find((s) => s.id === device)?.metrics);
      seen.add(device);
    }
    expect(seen).toEqual(senmlIds);
  });

  it('with maxAheadMs 0 a compressed run never publishes a time ahead of the wall clock (servers refuse them)', async () => {
    const onMessage: { timeMs: number; at: number }[] = [];
    const start = Date.now() - 5 * 60_000; // 5 min back at ×600: caught up with now within a second
    const sim = await startSimulator({
      url,
      city: loadCity(),
      seed: 6,
      speed: 600,
      durationS: 2,
      startMs: start,
      maxAheadMs: 0,
      summaryEveryS: 0,
      onMessage: (m) => onMessage.push({ timeMs: m.timeMs, at: Date.now() }),
    });
    await sim.done;
    expect(onMessage.length).toBeGreaterThan(20);
    expect(onMessage.filter((m) => m.timeMs > m.at)).toEqual([]);
    // it did catch up: the last reports are from the last seconds, not 20 simulated minutes ahead
    expect(Math.max(...onMessage.map((m) => m.timeMs))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('holds a fixed --rate', async () => {
    const sim = await startSimulator({ url, city: loadCity(), rate: 500, durationS: 1, summaryEveryS: 0 });
    await sim.done;
    expect(sim.stats().published).toBe(500);
    expect(sim.stats().acked).toBe(500);
  });

  it('stop() ends a run without a duration and reports a summary line', async () => {
    const lines: string[] = [];
    const sim = await startSimulator({
      url,
      city: loadCity(),
      speed: 3000,
      summaryEveryS: 0.2,
      log: (l) => lines.push(l),
    });
    await new Promise((r) => setTimeout(r, 600));
    await sim.stop();
    await sim.done;
    expect(sim.stats().published).toBeGreaterThan(0);
    expect(lines.some((l) => /^sim \d{4}-\d\d-\d\d .*\+07 · sent \d+/.test(l) && l.includes('pm25='))).toBe(
      true,
    );
  });
});
