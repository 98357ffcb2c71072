import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

/**
 * History mode in real Chromium against the built server, broker and database (issue 8, acceptance 2 and
 * 4): an incident opened and closed through the live system is replayed on the map at ×60 (it appears, then
 * goes), the timeline CSV download holds its transitions, and the daily report renders and prints to PDF.
 * SCREENSHOTS=1 also rewrites docs/img/console-history.png and console-daily-report.png for the README.
 */
declare global {
  interface Window {
    /** The console's test hook (apps/console/src/map/map.test-hook.ts). */
    __iocMap?: MapLibreMap;
  }
}

let server: BuiltServer;
let browser: Browser;
let page: Page;
let incident: { id: string; openedAt: number; closedAt: number };
const shots = process.env.SCREENSHOTS === '1';

/** The page's own fetch with its session token (what the console's http client does). */
function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = JSON.parse(sessionStorage.getItem('ioc.session') ?? '{}') as { accessToken: string };
      const r = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${s.accessToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as T };
    },
    { method, path, body },
  );
}

/** Ids of the incidents the map's incident source holds right now. */
const mapIncidentIds = () =>
  page.evaluate(() =>
    (window.__iocMap?.querySourceFeatures('incidents') ?? []).map((f) => String(f.properties?.['id'])),
  );

beforeAll(async () => {
  // No simulator: the only incident of the hour is the test's own, so the replay shows exactly it.
  server = await startBuiltServer({ SIM: 'false' });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(server.url);
  await page.getByTestId('login-username').fill(server.admin.username);
  await page.getByTestId('login-password').fill(server.admin.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('incident-queue').waitFor(UNTIL_READY);
  await page.waitForFunction(() => !!window.__iocMap?.getSource('incidents'), undefined, UNTIL_READY);

  // An incident through the live system: a citizen report opens it, it stays open long enough to span
  // several replay steps at ×60, then is acknowledged, resolved and closed.
  const city = (await api<{ center: [number, number] }>('GET', '/api/city')).body;
  const r = await api<{ incidentId: string }>('POST', '/api/reports', {
    text: 'Cây đổ chắn ngang đường Trần Hưng Đạo',
    category: 'environment',
    lat: city.center[0] + 0.003,
    lon: city.center[1] - 0.002,
  });
  expect(r.status).toBe(201);
  const opened = await api<{ openedAt: string }>('GET', `/api/incidents/${r.body.incidentId}`);
  incident = { id: r.body.incidentId, openedAt: Date.parse(opened.body.openedAt), closedAt: 0 };
  await new Promise((res) => setTimeout(res, 45_000));
  expect((await api('POST', `/api/incidents/${incident.id}/ack`, {})).status).toBe(200);
  expect((await api('POST', `/api/incidents/${incident.id}/resolve`, { note: 'Đã dọn cây' })).status).toBe(
    200,
  );
  const closed = await api<{ closedAt: string | null; status: string }>(
    'POST',
    `/api/incidents/${incident.id}/close`,
    { note: 'Đã kiểm tra' },
  );
  expect(closed.body.status).toBe('closed');
  incident.closedAt = Date.parse(closed.body.closedAt!);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('history mode (real server + broker + DB + Chromium)', () => {
  it('replays the last hour at ×60: the incident appears on the map, then closes', async () => {
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-panel').waitFor();
    await page.getByTestId('history-range-1h').click();
    // Marked as history on the map, and the map is no longer drawn from the live feed.
    await page.getByTestId('map-history-banner').waitFor();
    expect(await page.locator('.map-wrap').getAttribute('data-mode')).toBe('history');
    await page.getByTestId('history-speed').selectOption('60');
    // The timeline bar has the incident's transitions; the event list names them.
    await page.locator('[data-testid="history-histogram"] rect.bar').first().waitFor(UNTIL_READY);
    await page.getByTestId('history-event').first().waitFor(UNTIL_READY);

    // Jump a minute before the incident opened by clicking the timeline bar there.
    const slider = page.getByTestId('history-slider');
    await page.waitForFunction((openedAt) => {
      const s = document.querySelector<HTMLInputElement>('[data-testid="history-slider"]');
      return !!s && Number(s.max) > openedAt;
    }, incident.closedAt);
    const min = Number(await slider.getAttribute('min'));
    const max = Number(await slider.getAttribute('max'));
    const box = (await page.getByTestId('history-histogram').boundingBox())!;
    const target = incident.openedAt - 60_000;
    expect(target).toBeGreaterThan(min);
    await page.mouse.click(box.x + ((target - min) / (max - min)) * box.width, box.y + box.height / 2);
    await page.waitForFunction(
      (t) => {
        const at = document.querySelector('[data-testid="history-at"]')?.getAttribute('datetime');
        return !!at && Math.abs(Date.parse(at) - t) < 30_000;
      },
      target,
      UNTIL_READY,
    );
    await page.waitForTimeout(1_000);
    expect(await mapIncidentIds()).not.toContain(incident.id);

    // Play: the map shows the incident open at its time, then without it once it closed.
    const playStarted = Date.now();
    await page.getByTestId('history-play').click();
    await page.waitForFunction(
      (id) => !!window.__iocMap?.querySourceFeatures('incidents').some((f) => f.properties?.['id'] === id),
      incident.id,
      { ...UNTIL_READY, polling: 100 },
    );
    const appearedAt = Date.now();
    await page.getByTestId(`history-open-${incident.id}`).waitFor({ timeout: 5_000 });
    if (shots) {
      await page.getByTestId('history-play').click(); // pause on the incident for the picture
      await page.screenshot({ path: join(root, 'docs/img/console-history.png') });
      await page.getByTestId('history-play').click();
    }
    await page.waitForFunction(
      (id) => !window.__iocMap?.querySourceFeatures('incidents').some((f) => f.properties?.['id'] === id),
      incident.id,
      { ...UNTIL_READY, polling: 100 },
    );
    const goneAt = Date.now();
    // ×60: one replayed minute per second, so the incident's ~45 s of life lasts under a second or two.
    console.log(
      `history replay ×60: appeared ${appearedAt - playStarted} ms after play, on the map for ${goneAt - appearedAt} ms (${((incident.closedAt - incident.openedAt) / 1000).toFixed(0)} s of real time)`,
    );
    const replayAt = Date.parse((await page.getByTestId('history-at').getAttribute('datetime'))!);
    expect(replayAt).toBeGreaterThanOrEqual(incident.closedAt - 1_000);
    if (!shots) expect(goneAt - playStarted).toBeLessThan(20_000);
    await page.getByTestId('history-play').click(); // pause
  });

  it('exports the timeline as CSV: a download with the incident transitions as rows', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', UNTIL_READY),
      page.getByTestId('history-export-timeline').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^timeline.*\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split(/\r?\n/);
    const cols = header.split(',');
    expect(cols).toEqual(expect.arrayContaining(['time', 'type', 'action', 'incident_id']));
    const mine = rows
      .map((r) => r.split(','))
      .filter(
        (r) => r[cols.indexOf('incident_id')] === incident.id && r[cols.indexOf('type')] === 'incident',
      );
    expect(mine.map((r) => r[cols.indexOf('action')])).toEqual(['open', 'ack', 'resolve', 'close']);
    // In time order, each within the incident's life.
    const times = mine.map((r) => Date.parse(r[cols.indexOf('time')]));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThanOrEqual(incident.openedAt - 1_000);
    expect(times[times.length - 1]).toBeLessThanOrEqual(incident.closedAt + 1_000);
  });

  it('filters the timeline by category: another category lists nothing, its own lists the incident', async () => {
    const panel = page.getByTestId('history-panel');
    const show = async (category: string) => {
      await panel.locator('select[name="category"]').selectOption(category);
      await page.getByTestId('history-load').click();
    };
    await show('fire');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-event"]').length === 0);
    await show('environment');
    await page.getByTestId('history-event').first().waitFor(UNTIL_READY);
    const texts = await page.getByTestId('history-event').allTextContents();
    expect(texts.length).toBe(4);
    expect(texts.every((x) => x.includes(incident.id))).toBe(true);
  });

  it('leaves history mode: the map is drawn from the live feed again', async () => {
    await page.getByTestId('tab-incidents').click();
    await page.waitForFunction(
      () => document.querySelector('.map-wrap')?.getAttribute('data-mode') === 'live',
    );
    expect(await page.getByTestId('map-history-banner').count()).toBe(0);
    // Closed live: not on the live map.
    await page.waitForTimeout(500);
    expect(await mapIncidentIds()).not.toContain(incident.id);
  });

  it('renders the daily report and prints it to PDF', async () => {
    const date = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(incident.openedAt);
    await page.goto(`${server.url}/#/report/${date}`);
    const report = page.getByTestId('daily-report');
    await report.waitFor(UNTIL_READY);
    const expected = await api<{ incidents: { total: number } }>(
      'GET',
      `/api/history/daily-report?date=${date}`,
    );
    expect(expected.body.incidents.total).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('daily-report-total').textContent()).toContain(
      String(expected.body.incidents.total),
    );
    // Vietnamese by default: the category is named, not its code.
    expect(await report.textContent()).toContain('Môi trường');
    // one date format, the city's: dd/MM/yyyy
    expect(await report.textContent()).toContain(date.split('-').reverse().join('/'));
    expect(await report.textContent()).not.toContain(date);
    // the incident is listed
    expect(await page.getByTestId('daily-report-list').textContent()).toContain(incident.id);

    if (shots) await page.screenshot({ path: join(root, 'docs/img/console-daily-report.png') });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('daily-report-print').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
  });
});
