import { LiveListener } from '../src/live/live.listener';
import { adminUrl, sql } from './support/test-db';

// The LISTEN connection warns when it is lost and reconnects; a connection the database drops while the
// server is shutting down (Ctrl-C reaches PostgreSQL too) is no loss and must not be reported as one.
jest.setTimeout(30_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(channel: string) {
  const logs: string[] = [];
  let listening = 0;
  const l = new LiveListener({
    url: adminUrl(),
    channel,
    onNotify: () => undefined,
    onListening: () => listening++,
    log: (m) => logs.push(m),
  });
  expect(await l.start()).toBe(true);
  return { l, logs, listening: () => listening };
}

/** Ends the listener's backend the way a database shutdown does (admin_shutdown, 57P01). */
async function terminate(channel: string): Promise<void> {
  const r = await sql<{ ok: boolean }>(
    adminUrl(),
    `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE application_name = 'ioc-live-listen' AND query = $1`,
    [`LISTEN "${channel}"`],
  );
  expect(r.map((x) => x.ok)).toEqual([true]);
}

it('a connection dropped just before close() (shutdown) logs nothing', async () => {
  const channel = `listen_shutdown_${process.pid}`;
  const { l, logs } = await start(channel);
  await terminate(channel);
  await sleep(30);
  await l.close();
  await sleep(700);
  expect(logs).toEqual([]);
});

it('a connection lost while running is reported and re-established', async () => {
  const channel = `listen_lost_${process.pid}`;
  const { l, logs, listening } = await start(channel);
  await terminate(channel);
  const until = Date.now() + 5000;
  while (listening() < 2 && Date.now() < until) await sleep(50);
  await l.close();
  expect(listening()).toBe(2);
  expect(logs).toEqual([expect.stringMatching(/^LISTEN connection lost \(.+\); reconnecting/)]);
});
