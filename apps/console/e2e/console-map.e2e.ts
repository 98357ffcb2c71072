import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

let server: BuiltServer;
let browser: Browser;
let page: Page;
const shots = process.env.SCREENSHOTS === '1';

const city = JSON.parse(readFileSync(join(root, 'infra/city/city.json'), 'utf8')) as {
  wards: { id: string; name: string }[];
  units: { id: string; lat: number; lon: number; tracker: string }[];
  landmarks: { id: string; name: string; lat: number; lon: number }[];
};
const cho = city.landmarks.find((l) => l.id === 'cho-phan-thiet')!;

/** Every unit at its base now, so each has a position on the map. */
async function publishUnitFixes(): Promise<void> {
  const c = await mqtt.connectAsync(process.env.MQTT_URL!, { reconnectPeriod: 0 });
  const tst = Math.floor(Date.now() / 1000);
  for (const u of city.units)
    await c.publishAsync(
      `owntracks/${u.tracker}`,
      JSON.stringify({ _type: 'location', lat: u.lat, lon: u.lon, tst, acc: 10 }),
      { qos: 1 },
    );
  await c.endAsync();
}

/** A citizen report ~90 m north of Chợ Phan Thiết: an incident on the map. */
async function reportNearMarket(): Promise<string> {
  const res = await page.evaluate(
    async (body) => {
      const s = JSON.parse(sessionStorage.getItem('ioc.session') ?? '{}') as { accessToken: string };
      const r = await fetch('/api/reports', {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as { incidentId: string | null } };
    },
    { text: 'Ngập nước gần chợ', category: 'flood', lat: cho.lat + 0.0008, lon: cho.lon },
  );
  expect(res.status).toBe(201);
  return res.body.incidentId!;
}

type Marker = { layer: string; id: string; x: number; y: number };

/**
 * A feature of `layer` (the one with id `only`, when given) that is the topmost marker at its own screen point
 * (so hovering it hits it).
 */
async function markerOf(layer: string, only?: string): Promise<Marker> {
  const h = await page.waitForFunction(
    ([l, only]) => {
      const m = window.__iocMap!;
      const marker = ['incidents', 'units', 'sensors', 'cameras'];
      const canvas = m.getCanvas().getBoundingClientRect();
      for (const f of m.queryRenderedFeatures({ layers: [l] })) {
        if (f.geometry.type !== 'Point') continue;
        if (only !== undefined && String(f.properties?.['id']) !== only) continue;
        const p = m.project(f.geometry.coordinates as [number, number]);
        if (p.x < 330 || p.y < 60 || p.x > canvas.width - 60 || p.y > canvas.height - 60) continue; // legend, controls
        const top = m.queryRenderedFeatures(p, { layers: marker })[0];
        if (top?.layer.id === l && top.properties?.['id'] === f.properties?.['id'])
          return { layer: l, id: String(f.properties!['id']), x: canvas.x + p.x, y: canvas.y + p.y };
      }
      return false;
    },
    [layer, only] as const,
    UNTIL_READY,
  );
  return (await h.jsonValue()) as Marker;
}

/**
 * The view has settled: not moving, tiles and sources loaded. (Not MapLibre's `idle` event: a pulsing
 * incident halo repaints the map ten times a second, so it never goes idle.)
 */
async function waitIdle(): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = window.__iocMap!;
      return !m.isMoving() && m.areTilesLoaded();
    },
    undefined,
    UNTIL_READY,
  );
  await page.waitForTimeout(400);
}

beforeAll(async () => {
  server = await startBuiltServer({ SIM_SPEED: '12' });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await publishUnitFixes();
  await page.goto(server.url);
  await page.getByTestId('login-username').fill(server.admin.username);
  await page.getByTestId('login-password').fill(server.admin.password);
  await page.getByTestId('login-submit').click();
  await page.waitForFunction(() => !!window.__iocMap?.getSource('ward-labels'), undefined, UNTIL_READY);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('console map (real server + simulator + Chromium)', () => {
  let incidentId: string;

  it('describes an incident by its nearest landmark in the queue and the detail', async () => {
    incidentId = await reportNearMarket();
    const row = page.getByTestId(`incident-landmark-${incidentId}`);
    await row.waitFor(UNTIL_READY);
    expect(await row.textContent()).toMatch(/^cách Chợ Phan Thiết (80|90|100) m$/);
  });

  it('shows a tooltip on hover and opens the right panel on click, for each kind of marker', async () => {
    await page.evaluate(() => window.__iocMap!.jumpTo({ center: [108.1006, 10.9275], zoom: 15 }));
    await waitIdle();
    const expected = {
      incidents: { kind: 'incident', panel: 'incident-detail', back: 'detail-back' },
      units: { kind: 'unit', panel: 'unit-card', back: 'unit-card-back' },
      sensors: { kind: 'sensor', panel: 'device-detail', back: 'device-back' },
      cameras: { kind: 'camera', panel: 'camera-panel', back: 'camera-panel-close' },
    } as const;
    for (const [layer, { kind, panel, back }] of Object.entries(expected)) {
      // units are spread over the city: look at the whole of it; the rest near the market
      const view =
        layer === 'units' ? { center: [108.1, 10.935], zoom: 12 } : { center: [108.1006, 10.9275], zoom: 15 };
      await page.evaluate((v) => window.__iocMap!.jumpTo(v as never), view);
      await waitIdle();
      // the incident reported near the market (the simulator's own incidents may lie in the same view)
      const m = await markerOf(layer, layer === 'incidents' ? incidentId : undefined);
      await page.mouse.move(m.x, m.y);
      const tip = page.locator(`[data-testid="map-tooltip"][data-kind="${kind}"][data-id="${m.id}"]`);
      await tip.waitFor({ timeout: 15_000 });
      const text = (await tip.textContent()) ?? '';
      if (kind === 'sensor') expect(text).toMatch(/lúc \d\d:\d\d:\d\d|Chưa có số liệu/);
      if (kind === 'incident') expect(text).toContain('cách Chợ Phan Thiết');
      if (kind === 'camera') expect(text).toMatch(/Hướng \d+°|Quan sát 360°/);
      if (kind === 'unit') expect(text).toMatch(/Vị trí lúc \d\d:\d\d:\d\d/);
      if (shots && kind === 'unit')
        await page.screenshot({ path: join(root, 'docs/img/console-map-tooltip.png') });
      await page.mouse.click(m.x, m.y);
      await page.getByTestId(panel).waitFor({ timeout: 15_000 });
      if (kind === 'unit') {
        expect(await page.getByTestId('unit-card-type').textContent()).toBeTruthy();
        expect(await page.getByTestId('unit-card-position-time').textContent()).toMatch(/\d\d\/\d\d\/\d{4}/);
        expect(await page.getByTestId('unit-card-in-status').textContent()).toMatch(/\d+ (giây|phút|giờ)/);
      }
      if (kind === 'incident')
        expect(await page.getByTestId('detail-landmark').textContent()).toMatch(
          /^cách Chợ Phan Thiết \d+ m$/,
        );
      await page.getByTestId(back).click();
    }
    await page.mouse.move(5, 890);
    // four views, each waiting for its tiles on a loaded 2-core machine
  }, 300_000);

  it('has a legend entry for everything drawn, from the layers actually on the map', async () => {
    await page.evaluate(() => window.__iocMap!.jumpTo({ center: [108.17, 10.94], zoom: 12.2 }));
    await waitIdle();
    const legend = await page.$$eval('[data-testid="legend-entry"]', (els) =>
      els.map((e) => ({
        layer: e.getAttribute('data-layer')!,
        prop: e.getAttribute('data-prop')!,
        value: e.getAttribute('data-value')!,
      })),
    );
    const drawn = await page.evaluate((entries) => {
      const m = window.__iocMap!;
      const styleLayers = new Set(m.getStyle().layers.map((l) => l.id));
      const missingLayers = [...new Set(entries.map((e) => e.layer))].filter((l) => !styleLayers.has(l));
      const notInLegend: string[] = [];
      const counts: Record<string, number> = {};
      for (const layer of ['sensors', 'sensor-clusters', 'units', 'incidents', 'cameras', 'wards-label']) {
        const props = [...new Set(entries.filter((e) => e.layer === layer).map((e) => e.prop))];
        const feats = m.queryRenderedFeatures({ layers: [layer] });
        counts[layer] = feats.length;
        if (feats.length && !props.length) notInLegend.push(`${layer}: no legend`);
        for (const f of feats)
          for (const prop of props) {
            const v = String(f.properties?.[prop]);
            if (!entries.some((e) => e.layer === layer && e.prop === prop && e.value === v))
              notInLegend.push(`${layer}.${prop}=${v}`);
          }
        if (layer === 'units')
          for (const f of feats)
            if (!m.hasImage(String(f.properties?.['icon'])))
              notInLegend.push(`no image ${f.properties?.['icon']}`);
      }
      return { missingLayers, notInLegend: [...new Set(notInLegend)], counts };
    }, legend);
    expect(drawn.missingLayers).toEqual([]);
    expect(drawn.notInLegend).toEqual([]);
    expect(drawn.counts['units']).toBeGreaterThan(0);
    expect(drawn.counts['incidents']).toBeGreaterThan(0);
    expect(drawn.counts['sensors'] + drawn.counts['sensor-clusters']).toBeGreaterThan(0);
    expect(drawn.counts['cameras']).toBeGreaterThan(0);
    // the city has all six unit types: the legend names each
    expect(
      legend
        .filter((e) => e.layer === 'units' && e.prop === 'type')
        .map((e) => e.value)
        .sort(),
    ).toEqual(['ambulance', 'environment', 'fire', 'police', 'traffic', 'utility']);
    if (shots) await page.screenshot({ path: join(root, 'docs/img/console-map.png') });
  });

  it('writes each ward name once, at every zoom', async () => {
    const names = new Set(city.wards.map((w) => w.name));
    for (const zoom of [11, 13, 15]) {
      await page.evaluate((z) => window.__iocMap!.jumpTo({ center: [108.1, 10.935], zoom: z }), zoom);
      await waitIdle();
      const labels = await page.evaluate(() =>
        window
          .__iocMap!.queryRenderedFeatures({ layers: ['wards-label'] })
          .map((f) => String(f.properties?.['name'])),
      );
      expect({ zoom, some: labels.length > 0 }).toEqual({ zoom, some: true });
      expect({ zoom, duplicates: labels.filter((n, i) => labels.indexOf(n) !== i) }).toEqual({
        zoom,
        duplicates: [],
      });
      for (const n of labels) expect(names.has(n)).toBe(true);
    }
    // the basemap style has no label layer of its own on the ward polygons
    const symbolOnWards = await page.evaluate(() =>
      window
        .__iocMap!.getStyle()
        .layers.filter((l) => l.type === 'symbol' && 'source' in l && l.source === 'wards'),
    );
    expect(symbolOnWards).toEqual([]);
  }, 300_000);

  it('remembers the legend collapsed across a reload', async () => {
    await page.getByTestId('legend-toggle').click();
    expect(await page.getByTestId('legend').getAttribute('data-open')).toBe('false');
    await page.reload();
    await page.getByTestId('legend').waitFor(UNTIL_READY);
    expect(await page.getByTestId('legend').getAttribute('data-open')).toBe('false');
    await page.getByTestId('legend-toggle').click();
    expect(await page.getByTestId('legend').getAttribute('data-open')).toBe('true');
    await page.waitForFunction(() => !!window.__iocMap?.getSource('ward-labels'), undefined, UNTIL_READY);
    await page
      .getByTestId('connection-status')
      .and(page.locator('[data-state="connected"]'))
      .waitFor(UNTIL_READY);
  });

  it('says the live data is stale within 5 s of the server stopping, and clears with the replay count on resume', async () => {
    expect(await page.getByTestId('live-stale-banner').count()).toBe(0);
    const stoppedAt = Date.now();
    const halted = server.halt();
    const banner = page.locator('[data-testid="live-stale-banner"][data-state="stale"]');
    await banner.waitFor({ timeout: 5000 });
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    await halted;
    expect(await banner.textContent()).toMatch(
      /^Mất kết nối trực tiếp — dữ liệu cập nhật lúc \d\d:\d\d:\d\d/,
    );
    // the map and the panels behind it are greyed
    const filter = await page.$eval('.map-wrap .map', (e) => getComputedStyle(e).filter);
    expect(filter).toContain('grayscale');
    if (shots) await page.screenshot({ path: join(root, 'docs/img/console-stale.png') });
    await server.resume();
    const resumed = page.locator('[data-testid="live-stale-banner"][data-state="resumed"]');
    await resumed.waitFor(UNTIL_READY);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="live-stale-banner"]')?.getAttribute('data-replayed') !== '',
      undefined,
      UNTIL_READY,
    );
    expect(await resumed.textContent()).toMatch(/^Đã kết nối lại — đã phát lại \d+ sự kiện$/);
    expect(await page.$eval('.map-wrap .map', (e) => getComputedStyle(e).filter)).toBe('none');
    // then it goes
    await page.locator('[data-testid="live-stale-banner"]').waitFor({ state: 'detached', timeout: 15_000 });
  });
});
