// `npm start`: install if needed, build, and run the whole system on embedded defaults
// (PostgreSQL + MQTT broker in-process unless DATABASE_URL / MQTT_URL are set) with the simulated city.
import { build, ensureDependencies, spawnNode } from './run.util.mjs';

ensureDependencies();
build();

const env = { ...process.env, SIM: process.env.SIM ?? 'true' };
const server = spawnNode(['--enable-source-maps', 'dist/apps/server/apps/server/src/main.js'], { env });

// Ctrl-C reaches the whole process group; the server shuts itself (and its children) down in order.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (sig !== 'SIGINT') server.kill(sig);
  });
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
