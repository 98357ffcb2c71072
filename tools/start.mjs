// `npm start`: install if needed, build, and run the whole system on embedded defaults
// (PostgreSQL + MQTT broker in-process unless DATABASE_URL / MQTT_URL are set) with the simulated city.
// SIM=true also makes the simulator play the cameras' Frigate HTTP API (unless FRIGATE_BASE_URL names a real
// one): the server picks a free port for it and relays its frames, snapshots and clips, so the console shows
// camera images out of the box, offline.
// When the server is ready it prints where the console is and how to log in.
import { build, ensureDependencies, SERVER_NODE_FLAGS, spawnNode } from './run.util.mjs';

ensureDependencies();
build();

const env = { ...process.env, SIM: process.env.SIM ?? 'true' };
// The server runs in a process group of its own (with what it starts: embedded PostgreSQL, the simulator),
// so a Ctrl-C in the terminal reaches only this script, which hands exactly one signal on: the server then
// stops everything in order (the app and its LISTEN connection before the database), instead of each
// process getting the signal at once. SIGINT or SIGTERM sent to this script alone does the same.
const server = spawnNode(
  [...SERVER_NODE_FLAGS, '--enable-source-maps', 'dist/apps/server/apps/server/src/main.js'],
  {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: process.platform !== 'win32',
  },
);

// The server prints a generated admin password once, on the first start of an empty database, and one
// line per address it uses (ports may differ from the defaults when those are taken).
const ANSI = /\x1b\[[0-9;]*m/g;
let generated = null;
const addresses = {};
let pending = '';
let told = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const raw of lines) {
    const line = message(raw.replace(ANSI, ''));
    const pw = /First admin created\. Username: (\S+)\s+Password: (\S+)/.exec(line);
    if (pw) generated = { username: pw[1], password: pw[2] };
    const service = /(?:^|\] )(PostgreSQL|MQTT broker|Frigate) at (.+)$/.exec(line);
    if (service) addresses[service[1]] = service[2].trim();
    const ready = /IOC console ready at (\S+)/.exec(line);
    if (ready && !told) {
      told = true;
      tellLogin(ready[1]);
    }
  }
});

/** The message of a log line, text or JSON (LOG_FORMAT=json). */
function message(line) {
  if (!line.startsWith('{')) return line;
  try {
    return String(JSON.parse(line).msg ?? line);
  } catch {
    return line;
  }
}

function tellLogin(url) {
  const user = generated?.username ?? (env.IOC_ADMIN_USERNAME || 'admin');
  const how = generated
    ? `password ${generated.password}  (generated now, shown only on this first start)`
    : env.IOC_ADMIN_PASSWORD
      ? 'password from IOC_ADMIN_PASSWORD'
      : 'the admin password printed at first start, or set IOC_ADMIN_PASSWORD before first start';
  const lines = [`Console:    ${url}`, `Log in:     ${user}, ${how}`];
  if (addresses.PostgreSQL) lines.push(`PostgreSQL: ${addresses.PostgreSQL}`);
  if (addresses['MQTT broker']) lines.push(`MQTT:       ${addresses['MQTT broker']} — devices publish here`);
  if (addresses.Frigate)
    lines.push(`Frigate:    ${addresses.Frigate} — camera images, relayed by the server`);
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  console.log(`\n┌${'─'.repeat(width)}┐`);
  for (const l of lines) console.log(`│ ${l.padEnd(width - 1)}│`);
  console.log(`└${'─'.repeat(width)}┘\n`);
}

// First signal: the server shuts down in order (it handles SIGINT and SIGTERM). A second one while it is
// still stopping: stop waiting and kill its whole group (PostgreSQL, the simulator) at once.
let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    if (!signalled) {
      signalled = true;
      console.log(`\n${sig}: stopping the server, the simulator and the embedded services… (again to force)`);
      server.kill(sig === 'SIGHUP' ? 'SIGTERM' : sig);
      return;
    }
    console.log(`${sig} again: killing the server and everything it started`);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      server.kill('SIGKILL');
    }
  });
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// `npm start` killed (SIGINT/SIGTERM/SIGKILL to npm's own pid): npm does not always pass the signal on, and
// this script would be left running under init. The package script execs this script, so npm is the parent:
// when it goes, stop as if signalled.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanWatch);
  process.emit('SIGTERM', 'SIGTERM');
}, 1000);
orphanWatch.unref();
