import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

/**
 * Issue 18, acceptance 1: a responder's phone (390×844, real Chromium) logs in, lands on its field view
 * and sees the incident its unit was dispatched to; "en route" then "on scene" show on the operator's
 * console (a second browser context) within 2 s; the phone's emulated geolocation moves the unit on the
 * operator's map. SCREENSHOTS=1 writes docs/img/field-*.png.
 */
jest.setTimeout(180_000);
const shots = process.env.SCREENSHOTS === '1';
const UNIT = 'ambulance-01';
const PASSWORD = 'responder-password-1';
const START = { latitude: 10.9105, longitude: 108.0805 };
const MOVED = { latitude: 10.9205, longitude: 108.0905 };

let server: BuiltServer;
let browser: Browser;
let desk: Page;
let phoneCtx: BrowserContext;
let phone: Page;
let incidentId = '';
let adminToken = '';

async function api(method: string, path: string, body?: unknown) {
  const r = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** The unit's point as the operator's map draws it (the units source), or null. */
const unitOnMap = (page: Page) =>
  page.evaluate((id) => {
    const m = (
      window as unknown as {
        __iocMap?: {
          querySourceFeatures(
            s: string,
          ): { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[];
        };
      }
    ).__iocMap;
    const f = (m?.querySourceFeatures('units') ?? []).find((x) => x.properties.id === id);
    return f
      ? { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], status: f.properties.status }
      : null;
  }, UNIT);

/** Waits (≤ 20 s: the console refreshes moving units every 3 s) until the operator's map has the unit at `at`. */
async function mapShows(at: { latitude: number; longitude: number }) {
  const near = (p: { lat: number; lon: number } | null) =>
    !!p && Math.abs(p.lat - at.latitude) < 0.0005 && Math.abs(p.lon - at.longitude) < 0.0005;
  const deadline = Date.now() + 20_000;
  let p = await unitOnMap(desk);
  while (!near(p) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    p = await unitOnMap(desk);
  }
  expect({ lat: p?.lat, lon: p?.lon }).toEqual({
    lat: expect.closeTo(at.latitude, 3),
    lon: expect.closeTo(at.longitude, 3),
  });
  return p;
}

beforeAll(async () => {
  server = await startBuiltServer({
    SIM: 'false',
    FIELD_POSITION_INTERVAL_S: '1',
    FIELD_POSITION_FAST_INTERVAL_S: '1',
  });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(server.admin),
  });
  adminToken = ((await login.json()) as { accessToken: string }).accessToken;
  await api('POST', '/api/users', {
    username: 'xe-cuu-thuong-1',
    displayName: 'Tổ cấp cứu 1',
    role: 'responder',
    unitId: UNIT,
    password: PASSWORD,
  });
  // a hotline report opens the incident; the desk dispatches the ambulance
  const rep = await api('POST', '/api/reports', {
    text: 'Tai nạn giao thông, một người bị thương nặng',
    category: 'traffic',
    lat: 10.9289,
    lon: 108.1021,
  });
  incidentId = rep.incidentId as string;
  await api('POST', `/api/incidents/${incidentId}/ack`, {});
  await api('POST', `/api/incidents/${incidentId}/comments`, {
    text: 'Nạn nhân nằm bên phải đường, gần cây xăng',
  });
  await api('POST', `/api/incidents/${incidentId}/dispatch`, { unitIds: [UNIT] });

  browser = await launchBrowser();
  desk = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  desk.on('pageerror', (e) => console.error(`desk page error: ${e.message}`));
  await desk.goto(server.url);
  await desk.getByTestId('login-username').fill(server.admin.username);
  await desk.getByTestId('login-password').fill(server.admin.password);
  await desk.getByTestId('login-submit').click();
  await desk.getByTestId('tab-units').click();
  await desk.getByTestId(`unit-row-${UNIT}`).waitFor(UNTIL_READY);

  phoneCtx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    geolocation: START,
    permissions: ['geolocation'],
    locale: 'vi-VN',
  });
  phone = await phoneCtx.newPage();
  phone.on('pageerror', (e) => console.error(`phone page error: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a responder's phone", () => {
  it('logs in and lands on its field view with the dispatched incident, and nothing else', async () => {
    await phone.goto(`${server.url}/#/incidents`);
    await phone.getByTestId('login-username').fill('xe-cuu-thuong-1');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').tap();
    await phone.getByTestId('field-assignment').waitFor(UNTIL_READY);
    expect(await phone.getByTestId('field-assignment').getAttribute('data-incident')).toBe(incidentId);
    expect(await phone.getByTestId('field-incident-title').textContent()).toContain('Tai nạn giao thông');
    expect(await phone.getByTestId('field-notes').textContent()).toContain('gần cây xăng');
    // no console: no queue, no tabs, no live socket
    expect(await phone.getByTestId('incident-queue').count()).toBe(0);
    expect(await phone.getByTestId('tab-units').count()).toBe(0);
    // the buttons are big enough for a thumb
    const box = await phone.getByTestId('field-en_route').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(56);
    // its first fix reaches the server and the operator's map
    await phone.locator('[data-testid="field-gps"][data-state="sent"]').waitFor(UNTIL_READY);
    await mapShows(START);
    if (shots) await phone.screenshot({ path: `${root}/docs/img/field-assignment.png` });
  });

  it('"en route" then "on scene" show on the operator\'s console within 2 s each', async () => {
    const row = desk.getByTestId(`unit-row-${UNIT}`);
    for (const [button, status] of [
      ['field-en_route', 'en_route'],
      ['field-on_scene', 'on_scene'],
    ] as const) {
      if (status === 'on_scene') {
        // move first (the operator's map follows units on their way every few seconds)
        await phoneCtx.setGeolocation(MOVED);
        const p = await mapShows(MOVED);
        expect(p).toMatchObject({ status: 'en_route' });
      }
      const t0 = Date.now();
      await phone.getByTestId(button).tap();
      await desk.waitForSelector(`[data-testid="unit-row-${UNIT}"][data-status="${status}"]`, {
        timeout: 2000,
      });
      const took = Date.now() - t0;
      expect(took).toBeLessThan(2000);
      expect(await row.getAttribute('data-status')).toBe(status);
      await phone
        .locator(`[data-testid="field-page"][data-unit-status="${status}"]`)
        .waitFor({ timeout: 5000 });
    }
    if (shots) await phone.screenshot({ path: `${root}/docs/img/field-on-scene.png` });
  });
});
