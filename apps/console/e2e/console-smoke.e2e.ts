import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

let server: BuiltServer;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];

beforeAll(async () => {
  server = await startBuiltServer({ SIM_SPEED: '12' });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'))
      foreignRequests.push(u);
  });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('console smoke (real server + simulator + Chromium)', () => {
  it('opens on the login form; neither the map nor the API is reachable before login', async () => {
    await page.waitForSelector('[data-testid="login-form"]', UNTIL_READY);
    expect(await page.locator('canvas.maplibregl-canvas').count()).toBe(0);
    const statuses = await page.evaluate(async () =>
      Promise.all(
        ['/api/city', '/api/sensors/state', '/api/basemap/style.json'].map(
          async (p) => (await fetch(p)).status,
        ),
      ),
    );
    expect(statuses).toEqual([401, 401, 401]);
    if (process.env.SCREENSHOTS === '1')
      await page.screenshot({ path: join(root, 'docs/img/console-login.png') });
  });

  it('says so when the password is wrong (in Vietnamese by default)', async () => {
    await page.getByTestId('login-username').fill(server.admin.username);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor(UNTIL_READY);
    expect(await error.textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu');
    expect(await page.locator('canvas.maplibregl-canvas').count()).toBe(0);
  });

  it('logs in through the form and shows the user', async () => {
    await page.getByTestId('login-username').fill(server.admin.username);
    await page.getByTestId('login-password').fill(server.admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor(UNTIL_READY);
    expect(await page.getByTestId('current-user').textContent()).toContain('admin');
  });

  it('renders the map canvas with the offline basemap', async () => {
    await page.waitForSelector('canvas.maplibregl-canvas', UNTIL_READY);
    // readiness signal: the e2e build exposes the map once it fired `load` and has its sources
    await page.waitForFunction(() => !!window.__iocMap?.getSource('sensors'), undefined, UNTIL_READY);
    const size = await page.$eval('canvas.maplibregl-canvas', (c) => [
      (c as HTMLCanvasElement).width,
      (c as HTMLCanvasElement).height,
    ]);
    expect(size[0]).toBeGreaterThan(300);
    expect(size[1]).toBeGreaterThan(300);
  });

  it('draws the sensors on the map', async () => {
    const drawn = await page.waitForFunction(
      () => {
        const m = (window as unknown as { __iocMap?: { queryRenderedFeatures(o: unknown): unknown[] } })
          .__iocMap;
        const n = m?.queryRenderedFeatures({ layers: ['sensors'] }).length ?? 0;
        return n > 10 ? n : false;
      },
      undefined,
      UNTIL_READY,
    );
    expect(await drawn.jsonValue()).toBeGreaterThan(10);
  });

  it('shows a sensor value that changes within 10 s', async () => {
    await page.getByTestId('tab-sensors').click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid^="sensor-value-"]')].some((e) =>
          /\d/.test(e.textContent ?? ''),
        ),
      undefined,
      UNTIL_READY,
    );
    const read = () =>
      page.$$eval('[data-testid^="sensor-value-"]', (els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-testid'), e.textContent ?? ''])),
      );
    const before = await read();
    const changed = await page.waitForFunction(
      (prev) => {
        for (const e of document.querySelectorAll('[data-testid^="sensor-value-"]')) {
          const id = e.getAttribute('data-testid') as string;
          if (prev[id] && /\d/.test(prev[id]) && e.textContent !== prev[id]) return id;
        }
        return false;
      },
      before,
      { timeout: 10_000, polling: 200 },
    );
    expect(await changed.jsonValue()).toMatch(/^sensor-value-/);
    await expect(page.getByTestId('connection-status').getAttribute('data-state')).resolves.toBe('connected');
  });

  it('resumes after a dropped connection and says how many events were replayed', async () => {
    expect(await page.getByTestId('live-replayed').count()).toBe(0);
    await page.evaluate(() =>
      (window as unknown as { __iocLive: { dropConnection(): void } }).__iocLive.dropConnection(),
    );
    const replayed = page.getByTestId('live-replayed');
    await replayed.waitFor(UNTIL_READY);
    expect(await replayed.getAttribute('data-state')).toBe('replayed');
    expect(Number(await replayed.getAttribute('data-count'))).toBeGreaterThanOrEqual(0);
    expect(await replayed.textContent()).toMatch(/^Đã phát lại \d+ sự kiện$/);
    await expect(page.getByTestId('connection-status').getAttribute('data-state')).resolves.toBe('connected');
  });

  it('made no request outside the server (offline: no CDN, tiles or fonts)', async () => {
    expect(foreignRequests).toEqual([]);
  });

  it('logs out back to the login form', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor(UNTIL_READY);
    expect(await page.locator('canvas.maplibregl-canvas').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('ioc.session'))).toBeNull();
  });
});
