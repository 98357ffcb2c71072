import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
// The simulator's programmatic scenario API (docs/simulator.md): the browser suite drives the same script.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startScenario } from '../../city-sim/src/scenario.runner';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

/**
 * Dispatch by need and units the operator can follow, in real Chromium against the built server, broker,
 * database and simulator:
 *  1. a fresh deployment (no tracker has reported): a Severe market fire's dispatch dialog states the
 *     needs and pre-ticks them — a fire engine first, never a police patrol — with every unit at its base;
 *  2. dispatching, then en route / on scene from one console shows on another console's units board and
 *     map live;
 *  3. with the simulator running (units' terminals follow their assignments), dispatched units drive to
 *     the incident — their distance decreases — and the tracker's arrival puts them on scene.
 * SCREENSHOTS=1 also writes docs/img/console-dispatch-needs.png and docs/img/console-units-board.png.
 */
jest.setTimeout(240_000);
const shots = process.env.SCREENSHOTS === '1';
const CITY = JSON.parse(readFileSync(join(root, 'infra/city/city.json'), 'utf8')) as {
  units: { id: string; type: string }[];
};

let server: BuiltServer;
let browser: Browser;
let desk: Page;
let board: Page;
let sim: ChildProcess | null = null;
let simOut = '';

const api = async (page: Page, method: string, path: string, body?: unknown) =>
  page.evaluate(
    async ({ method, path, body }) => {
      const s = JSON.parse(sessionStorage.getItem('ioc.session') ?? '{}') as { accessToken: string };
      const r = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${s.accessToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
    { method, path, body },
  );

async function loggedIn(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(server.url);
  await page.getByTestId('login-username').fill(server.admin.username);
  await page.getByTestId('login-password').fill(server.admin.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('incident-queue').waitFor(UNTIL_READY);
  return page;
}

const unitsOnMap = (page: Page) =>
  page.evaluate(() => {
    const m = (
      window as unknown as {
        __iocMap?: { querySourceFeatures(s: string): { properties: Record<string, unknown> }[] };
      }
    ).__iocMap;
    return (m?.querySourceFeatures('units') ?? []).map((f) => f.properties);
  });

/** Haversine, metres (written out here, independent of libs/domain). */
function distM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

beforeAll(async () => {
  // No simulator at first: a fresh deployment where no tracker has reported yet.
  server = await startBuiltServer({ SIM: 'false' });
  browser = await launchBrowser();
  desk = await loggedIn();
  board = await loggedIn();
  await board.getByTestId('tab-units').click();
  await board.getByTestId('units-board').waitFor(UNTIL_READY);
});

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    sim.kill('SIGTERM');
    await new Promise((r) => sim!.once('exit', r));
  }
  await browser?.close();
  await server?.stop();
});

describe('dispatch by need and units the operator can follow', () => {
  let incidentId = '';
  let incident = { lat: 0, lon: 0 };

  it('a Severe market fire: the dialog states the needs and pre-ticks a fire engine first, never a patrol', async () => {
    // the script's sensors and cameras only: no unit fixes (no tracker has reported yet)
    const run = await startScenario({
      url: process.env.MQTT_URL!,
      scenario: 'market-fire',
      seed: 3,
      suppress: (m) => m.format === 'owntracks',
    });
    await run.done;
    let f: { id: string; lat: number; lon: number } | undefined;
    for (
      const end = Date.now() + 60_000;
      !f && Date.now() < end;
      await new Promise((r) => setTimeout(r, 500))
    )
      f = (
        (await api(desk, 'GET', '/api/incidents?category=fire&severity=Severe')).body as {
          items: (typeof f)[];
        }
      ).items[0];
    expect(f).toBeTruthy();
    incidentId = f!.id;
    incident = { lat: f!.lat, lon: f!.lon };

    await desk.getByTestId(`incident-row-${incidentId}`).click();
    await desk.getByTestId('incident-detail').waitFor();
    await desk.getByTestId('action-ack').click();
    await desk.waitForFunction(
      () =>
        document.querySelector('[data-testid="incident-detail"]')?.getAttribute('data-status') ===
        'acknowledged',
    );
    await desk.getByTestId('action-dispatch').click();
    await desk.getByTestId('dispatch-dialog').waitFor();
    const first = desk.locator('[data-testid^="dispatch-unit-"][data-rank="0"]');
    await first.waitFor(UNTIL_READY);
    expect(await desk.getByTestId('dispatch-needs').textContent()).toContain(
      'Cần: 2 xe chữa cháy, 1 xe cứu thương, 1 CSGT',
    );
    // every unit is listed (none has a fix yet: all at their base)
    const rows = await desk.$$eval('[data-testid^="dispatch-unit-"]', (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-testid')!.replace('dispatch-unit-', ''),
        type: tr.getAttribute('data-type'),
        proposed: tr.getAttribute('data-proposed') === 'true',
        checked: (tr.querySelector('input[type=checkbox]') as HTMLInputElement).checked,
        atBase: !!tr.querySelector('[data-testid="at-base"]'),
      })),
    );
    expect(rows).toHaveLength(CITY.units.length);
    expect(rows.every((r) => r.atBase)).toBe(true);
    expect(rows[0]).toMatchObject({ type: 'fire', proposed: true, checked: true });
    expect(rows.filter((r) => r.checked).map((r) => r.type)).toEqual([
      'fire',
      'fire',
      'ambulance',
      'traffic',
    ]);
    expect(rows.filter((r) => r.type === 'police').some((r) => r.checked)).toBe(false);
    expect(await desk.getByTestId('dispatch-group-police').count()).toBe(1);
    if (shots) await desk.screenshot({ path: join(root, 'docs/img/console-dispatch-needs.png') });
    // English too
    await desk.getByTestId('lang-en').click();
    await desk.waitForFunction(() =>
      document
        .querySelector('[data-testid="dispatch-needs"]')
        ?.textContent?.includes('Needs: 2 fire engines'),
    );
    await desk.getByTestId('lang-vi').click();

    // Dispatch only the two engines for now (the ambulance and traffic police follow with the simulator)
    for (const r of rows.filter((x) => x.checked && x.type !== 'fire'))
      await desk.getByTestId(`dispatch-unit-${r.id}`).locator('input[type=checkbox]').uncheck();
    await desk.getByTestId('dispatch-confirm').click();
    await desk.waitForFunction(
      () =>
        document.querySelector('[data-testid="incident-detail"]')?.getAttribute('data-status') ===
        'dispatched',
      undefined,
      UNTIL_READY,
    );
  });

  it('en route and on scene from the console show live on another console’s board and map', async () => {
    const liveStatus = (page: Page, unitId: string, status: string) =>
      page.waitForFunction(
        ({ unitId, status }) =>
          document.querySelector(`[data-testid="unit-row-${unitId}"]`)?.getAttribute('data-status') ===
          status,
        { unitId, status },
        { timeout: 5_000 },
      );
    await liveStatus(board, 'fire-01', 'dispatched');
    await liveStatus(board, 'fire-02', 'dispatched');
    // the board shows the time in status and, without a fix, the base
    expect(await board.getByTestId('unit-since-fire-01').textContent()).toBe('vừa xong');
    expect(await board.getByTestId('unit-row-police-01').textContent()).toContain('tại trụ sở');

    await desk.getByTestId('unit-en_route-fire-01').click();
    await liveStatus(board, 'fire-01', 'en_route');
    await desk.getByTestId('unit-on_scene-fire-01').click();
    await liveStatus(board, 'fire-01', 'on_scene');
    await desk.waitForFunction(
      () =>
        document.querySelector('[data-testid="incident-detail"]')?.getAttribute('data-status') === 'on_scene',
      undefined,
      { timeout: 5_000 },
    );
    // the board's map colours the unit by its status (red: on scene), live
    await board.waitForFunction(
      () => {
        const m = (
          window as unknown as {
            __iocMap?: { querySourceFeatures(s: string): { properties: Record<string, unknown> }[] };
          }
        ).__iocMap;
        return (m?.querySourceFeatures('units') ?? []).some(
          (f) => f.properties['id'] === 'fire-01' && f.properties['status'] === 'on_scene',
        );
      },
      undefined,
      { timeout: 5_000 },
    );
    // release fire-02 back into service from the board; off duty and back
    await board.getByTestId('unit-release-fire-02').click();
    await liveStatus(board, 'fire-02', 'available');
    await board.getByTestId('unit-off_duty-fire-02').click();
    await liveStatus(board, 'fire-02', 'off_duty');
    await board.getByTestId('unit-back-fire-02').click();
    await liveStatus(board, 'fire-02', 'available');
    // units without a fix are drawn at their base (Mũi Né's engine may lie outside the view)
    expect(new Set((await unitsOnMap(board)).map((p) => p['id'])).size).toBeGreaterThanOrEqual(10);
  });

  it('with the simulator, dispatched units drive towards the incident and arrive on scene', async () => {
    sim = spawn(
      process.execPath,
      [
        join(root, 'dist/apps/city-sim/apps/city-sim/src/main.js'),
        '--url',
        process.env.MQTT_URL!,
        '--response-speed',
        '15',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    sim.stdout!.on('data', (d) => (simOut += d));
    sim.stderr!.on('data', (d) => (simOut += d));
    const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
      const end = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out: ${what}\n${simOut.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await until(async () => simOut.includes('unit terminals follow dispatches'), 30_000, 'the simulator');

    // the ambulance and traffic police of the proposal, dispatched now
    const plan = (await api(desk, 'GET', `/api/incidents/${incidentId}/dispatch-plan`)).body as {
      candidates: { unit: { id: string; type: string }; proposed: boolean }[];
    };
    const more = plan.candidates.filter((c) => c.proposed).map((c) => c.unit.id);
    expect(more.some((id) => id.startsWith('ambulance-'))).toBe(true);
    expect((await api(desk, 'POST', `/api/incidents/${incidentId}/dispatch`, { unitIds: more })).status).toBe(
      200,
    );

    const amb = more.find((id) => id.startsWith('ambulance-'))!;
    const samples: number[] = [];
    const t0 = Date.now();
    await until(
      async () => {
        const u = (
          (await api(desk, 'GET', '/api/units')).body as {
            id: string;
            lat: number;
            lon: number;
            status: string;
            atBase: boolean;
            positionTime: string | null;
          }[]
        ).find((x) => x.id === amb)!;
        if (!u.atBase && u.positionTime && Date.parse(u.positionTime) >= t0 - 1000) {
          const d = distM(u, incident);
          if (samples.at(-1) !== d) samples.push(d);
        }
        return u.status === 'on_scene';
      },
      90_000,
      `${amb} on scene`,
    );
    // it drove: several fixes, each closer than the one before, the last within the arrival radius
    expect(samples.length).toBeGreaterThan(2);
    for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeLessThanOrEqual(samples[i - 1] + 1);
    expect(samples.at(-1)!).toBeLessThan(80);
    // the timeline credits the tracker (AVL), and the board shows it on scene live
    const detail = (await api(desk, 'GET', `/api/incidents/${incidentId}`)).body as {
      timeline: { actor: string; data: Record<string, unknown> | null }[];
    };
    expect(detail.timeline.some((e) => e.actor === 'avl' && e.data?.['unitId'] === amb)).toBe(true);
    await board.waitForFunction(
      (id) =>
        document.querySelector(`[data-testid="unit-row-${id}"]`)?.getAttribute('data-status') === 'on_scene',
      amb,
      { timeout: 5_000 },
    );
    if (shots) await board.screenshot({ path: join(root, 'docs/img/console-units-board.png') });
  });
});
