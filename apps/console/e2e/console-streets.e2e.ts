import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

/**
 * BASEMAP_PMTILES in a real browser: the Phan Thiết street fixture built by tools/pmtiles-from-geojson.mjs,
 * read by range requests from our server only, street names drawn by the protomaps style in Vietnamese,
 * the operator layers above it, the day/night switch. SCREENSHOTS=1 also rewrites docs/img/console-pmtiles.png.
 */
let server: BuiltServer;
let browser: Browser;
let page: Page;
const shots = process.env.SCREENSHOTS === '1';
const foreign: string[] = [];
const archiveRequests: { range?: string; auth?: string; status?: number }[] = [];
const OPERATOR_LAYERS = [
  'wards-outline',
  'landmarks',
  'wards-label',
  'camera-fov',
  'cameras',
  'sensors',
  'units',
  'incidents',
];

async function waitIdle(): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = window.__iocMap!;
      return !m.isMoving() && m.areTilesLoaded() && m.isStyleLoaded() !== false;
    },
    undefined,
    UNTIL_READY,
  );
  await page.waitForTimeout(400);
}

async function login(): Promise<void> {
  await page.getByTestId('login-username').fill(server.admin.username);
  await page.getByTestId('login-password').fill(server.admin.password);
  await page.getByTestId('login-submit').click();
}

beforeAll(async () => {
  const archive = join(mkdtempSync(join(tmpdir(), 'ioc-streets-')), 'phan-thiet.pmtiles');
  execFileSync(process.execPath, [join(root, 'tools/fixtures/phan-thiet-streets/build.mjs'), archive], {
    stdio: 'pipe',
  });
  server = await startBuiltServer({ SIM_SPEED: '12', BASEMAP_PMTILES: archive });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(`${server.url}/`) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('requestfinished', async (req) => {
    if (!req.url().startsWith(`${server.url}/api/basemap/tiles.pmtiles`)) return;
    const h = await req.allHeaders();
    archiveRequests.push({
      range: h['range'],
      auth: h['authorization'],
      status: (await req.response())?.status(),
    });
  });
  await page.goto(server.url);
  await login();
  await page.waitForFunction(
    () => !!window.__iocMap?.getSource('protomaps') && !!window.__iocMap.getSource('ward-labels'),
    undefined,
    UNTIL_READY,
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Street names the road label layer placed on screen now. */
const placedStreetNames = () =>
  page.evaluate(() =>
    [
      ...new Set(
        window
          .__iocMap!.queryRenderedFeatures({ layers: ['roads_labels_major'] })
          .map((f) => String(f.properties?.['name'] ?? '')),
      ),
    ].sort(),
  );

describe('street basemap from a PMTiles archive (real server + Chromium)', () => {
  it('draws street names in Vietnamese from tiles read by range requests with the token', async () => {
    await page.evaluate(() => window.__iocMap!.jumpTo({ center: [108.1005, 10.9285], zoom: 15 }));
    await waitIdle();
    const names = await page
      .waitForFunction(
        () => {
          const n = window
            .__iocMap!.queryRenderedFeatures({ layers: ['roads_labels_major'] })
            .map((f) => f.properties?.['name']);
          return n.includes('Trần Hưng Đạo') ? n : false;
        },
        undefined,
        UNTIL_READY,
      )
      .then((h) => h.jsonValue());
    expect(names).toContain('Trần Hưng Đạo');
    // what MapLibre laid out: the Vietnamese name with its diacritics (glyphs from our Noto Sans)
    const text = await page.evaluate(() => {
      const f = window
        .__iocMap!.queryRenderedFeatures({ layers: ['roads_labels_major'] })
        .find((x) => x.properties?.['name'] === 'Trần Hưng Đạo')!;
      const layout = f.layer.layout as unknown as { 'text-field': { sections: { text: string }[] } };
      const field = layout['text-field'];
      return field.sections.map((s) => s.text).join('');
    });
    expect(text).toBe('Trần Hưng Đạo');
    // other streets of the fixture around the centre
    await page.evaluate(() => window.__iocMap!.jumpTo({ center: [108.1, 10.93], zoom: 14 }));
    await waitIdle();
    expect(await placedStreetNames()).toEqual(expect.arrayContaining(['Thủ Khoa Huân', 'Tôn Đức Thắng']));

    expect(archiveRequests.length).toBeGreaterThan(1);
    for (const r of archiveRequests) {
      expect(r.range).toMatch(/^bytes=\d+-\d+$/);
      expect(r.auth).toMatch(/^Bearer /);
      expect(r.status).toBe(206);
    }
  });

  it('draws the operator layers above the basemap and names OpenStreetMap', async () => {
    const order = await page.evaluate(() => {
      const m = window.__iocMap!;
      const layers = m.getStyle().layers;
      const lastBase = Math.max(
        ...layers.map((l, i) => ('source' in l && l.source === 'protomaps' ? i : -1)),
      );
      return { lastBase, ids: layers.map((l) => l.id) };
    });
    for (const id of OPERATOR_LAYERS)
      expect([id, order.ids.indexOf(id) > order.lastBase]).toEqual([id, true]);
    expect(order.ids.indexOf('wards-label')).toBeLessThan(order.ids.indexOf('sensors'));
    // the sensors and landmarks are on screen over the streets
    const drawn = await page.evaluate(() => ({
      sensors: window.__iocMap!.queryRenderedFeatures({ layers: ['sensors', 'sensor-clusters'] }).length,
      landmarks: window.__iocMap!.queryRenderedFeatures({ layers: ['landmarks-label'] }).length,
      wards: window.__iocMap!.queryRenderedFeatures({ layers: ['wards-label'] }).length,
    }));
    expect(drawn.sensors).toBeGreaterThan(0);
    expect(drawn.landmarks).toBeGreaterThan(0);
    expect(drawn.wards).toBeGreaterThan(0);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('© OpenStreetMap');
    if (shots) {
      await page.evaluate(() => window.__iocMap!.jumpTo({ center: [108.1035, 10.9288], zoom: 15.2 }));
      // with live values on the sensors (the simulator's first readings)
      await page.waitForFunction(
        () =>
          window
            .__iocMap!.queryRenderedFeatures({ layers: ['sensors-label'] })
            .filter((f) => f.properties?.['label']).length > 3,
        undefined,
        UNTIL_READY,
      );
      await waitIdle();
      await page.screenshot({ path: join(root, 'docs/img/console-pmtiles.png') });
    }
  });

  it('switches to the day map and keeps it after a reload, operator layers intact', async () => {
    const bg = () =>
      page.evaluate(() => String(window.__iocMap!.getPaintProperty('background', 'background-color')));
    await page.evaluate(() => window.__iocMap!.jumpTo({ center: [108.1, 10.93], zoom: 14 }));
    await waitIdle();
    const night = await bg();
    expect(await page.getByTestId('map-theme').getAttribute('data-theme')).toBe('night');
    expect(await page.getByTestId('map-theme').textContent()).toContain('Ban đêm');
    const images = await page.evaluate(() => window.__iocMap!.listImages().sort());
    expect(images.length).toBeGreaterThan(0); // the unit pictograms (map.addImage)
    await page.getByTestId('map-theme').click();
    await page.waitForFunction(
      () => window.__iocMap!.getPaintProperty('background', 'background-color') === '#cccccc',
    );
    await waitIdle();
    expect(await bg()).not.toBe(night);
    const after = await page.evaluate(() => ({
      stroke: window.__iocMap!.getPaintProperty('sensors', 'circle-stroke-color'),
      layers: ['sensors', 'units', 'incidents', 'wards-label', 'landmarks'].filter(
        (l) => !window.__iocMap!.getLayer(l),
      ),
      sensors: window.__iocMap!.queryRenderedFeatures({ layers: ['sensors', 'sensor-clusters'] }).length,
    }));
    expect(after).toEqual({ stroke: '#ffffff', layers: [], sensors: expect.any(Number) });
    // the style was diffed, not reloaded: the unit icons are still there
    expect(await page.evaluate(() => window.__iocMap!.listImages().sort())).toEqual(images);
    expect(after.sensors).toBeGreaterThan(0);
    expect(await placedStreetNames()).toEqual(expect.arrayContaining(['Thủ Khoa Huân']));
    if (shots) await page.screenshot({ path: join(root, 'docs/img/console-pmtiles-day.png') });

    await page.reload();
    await page.waitForFunction(() => !!window.__iocMap?.getSource('ward-labels'), undefined, UNTIL_READY);
    expect(await page.getByTestId('map-theme').getAttribute('data-theme')).toBe('day');
    expect(await bg()).toBe('#cccccc');
    await page.getByTestId('map-theme').click();
    await page.waitForFunction(
      (n) => window.__iocMap!.getPaintProperty('background', 'background-color') === n,
      night,
    );
  });

  it('sent no request to any other origin', () => {
    expect(foreign).toEqual([]);
  });
});
