import './paths.register';
import { loadCity } from './city.loader';
import { parseCliArgs, USAGE } from './cli.args';
import { startSimulator } from './simulator.runner';

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
  const sim = await startSimulator({
    url: args.url,
    city,
    seed: args.seed,
    rate: args.rate,
    speed: args.speed,
    durationS: args.durationS,
    qos: args.qos,
    startMs: args.startMs,
    replicas: args.replicas,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const onSignal = () => void sim.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await sim.done;
  const s = sim.stats();
  process.stdout.write(`city-sim: done, ${s.published} sent, ${s.acked} acked, ${s.failed} failed\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`city-sim failed: ${e.message}\n`);
  process.exit(1);
});
