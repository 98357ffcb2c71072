import { loadCity } from './city.loader';
import { defaultStartMs, parseCliArgs, USAGE } from './cli.args';
import { DemoRotation } from './demo.rotation';
import { startFrigateSim, type FrigateSim } from './frigate-http.server';
import { startScenario } from './scenario.runner';
import { startSimulator, type SimulatorHandle } from './simulator.runner';
import { formatVnTime } from './summary.formatter';
import { startDispatchFollower, type DispatchFollower } from './unit-dispatch.follower';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const city = loadCity(args.city);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const faults = { offlineShare: args.offlineShare, malformedRate: args.malformedRate };
  // The cameras' Frigate HTTP API, fed with the events as they are published (same ids).
  let frigate: FrigateSim | null = null;
  if (args.frigatePort !== null) {
    frigate = await startFrigateSim({ city, port: args.frigatePort, host: args.frigateHost }).catch(
      (e: Error) => {
        log(`simulated Frigate not started (${e.message}); the console will show no camera images`);
        return null;
      },
    );
    if (frigate) log(`simulated Frigate HTTP API at ${frigate.url}`);
  }
  const onMessage = frigate ? (m: { topic: string; payload: Uint8Array }) => frigate!.observe(m) : undefined;
  let sim: SimulatorHandle;
  let follower: DispatchFollower | null = null;
  if (args.scenario) {
    const run = await startScenario({
      url: args.url,
      scenario: args.scenario as never,
      city,
      seed: args.seed,
      speed: args.speed,
      startMs: args.startMs,
      qos: args.qos,
      faults,
      onMessage,
      log,
    });
    const m = run.manifest;
    log(`scenario ${m.name}: ${formatVnTime(m.startMs)} → ${formatVnTime(m.endMs)}; expected incidents:`);
    for (const e of m.expected) log(`  ${e.key} (${e.category}, ${e.severity}, ${e.ward})`);
    sim = run.handle;
  } else {
    const speed = args.speed ?? 1;
    // The units' terminals: dispatched units drive to the incident and back (unit-dispatch.follower.ts).
    const lastFix = new Map<string, { lat: number; lon: number }>();
    follower = args.followDispatches
      ? await startDispatchFollower({
          url: args.url,
          units: city.units,
          seed: args.seed,
          timeScale: args.responseSpeed,
          password: process.env.SIM_TRACKER_PASSWORD,
          positionOf: (id) => lastFix.get(id) ?? null,
          log,
        })
      : null;
    sim = await startSimulator({
      onMessage: (m) => {
        onMessage?.(m);
        if (m.format !== 'owntracks' || m.malformed) return;
        try {
          const { lat, lon } = JSON.parse(m.payload.toString('utf8')) as { lat: unknown; lon: unknown };
          if (typeof lat === 'number' && typeof lon === 'number') lastFix.set(m.deviceId, { lat, lon });
        } catch {
          // a deliberately broken message: keep the last good fix
        }
      },
      suppress: (m) => m.format === 'owntracks' && !!follower?.owns(m.deviceId),
      url: args.url,
      city,
      seed: args.seed,
      rate: args.rate,
      speed,
      durationS: args.durationS,
      qos: args.qos,
      startMs:
        args.startMs ??
        (args.rate === undefined ? defaultStartMs(speed, args.durationS, Date.now()) : undefined),
      maxAheadMs: args.maxAheadS * 1000,
      replicas: args.replicas,
      faults,
      log,
    });
  }
  let demoTimer: NodeJS.Timeout | undefined;
  if (!args.scenario && args.everyMin) {
    // Demo: the live city, and a scenario overlaid on it every few minutes, in real time.
    const rotation = new DemoRotation();
    const next = () => {
      const scenario = rotation.next(sim.stats().simTimeMs);
      if (!scenario) return;
      const at = sim.addScenario(scenario);
      log(`demo: scenario ${scenario.info.name} from ${formatVnTime(at)} (${scenario.info.description.en})`);
    };
    const first = setTimeout(next, 30_000);
    demoTimer = setInterval(next, args.everyMin * 60_000);
    first.unref();
    void sim.done.then(() => clearTimeout(first));
  }
  const onSignal = () => {
    if (demoTimer) clearInterval(demoTimer);
    void sim.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await sim.done;
  await follower?.stop();
  if (demoTimer) clearInterval(demoTimer);
  await frigate?.close();
  const s = sim.stats();
  log(
    `city-sim: done, ${s.published} sent (${s.malformed} deliberately malformed), ${s.acked} acked, ${s.failed} failed`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`city-sim failed: ${e.message}\n`);
  process.exit(1);
});
