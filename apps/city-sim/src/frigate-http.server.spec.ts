import { decode } from 'jpeg-js';
import { loadCity } from './city.loader';
import { frigateEventId, frigateEventMessages, type TrackedObject } from './frigate.encoder';
import { startFrigateSim, type FrigateSim } from './frigate-http.server';

const city = loadCity();
const camera = city.cameras.find((c) => c.id === 'cam-cho-phan-thiet')!;
let clock = Date.parse('2026-03-01T03:04:05.000Z');
let sim: FrigateSim;

const smoke: TrackedObject = {
  camera,
  label: 'smoke',
  startMs: clock - 600_000,
  durationMs: 120_000,
  topScore: 0.82,
  seed: 3,
};
const id = frigateEventId(smoke);
const [created, updated] = frigateEventMessages(smoke);

beforeAll(async () => {
  sim = await startFrigateSim({ city, now: () => clock });
});
afterAll(() => sim.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sim.url}${path}`, { headers });
const jpeg = async (r: Response) => decode(Buffer.from(await r.arrayBuffer()), { useTArray: true });
/** Pixels that are clearly red (the detection box). */
const redPixels = (img: { data: Uint8Array }) => {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4)
    if (img.data[i] > 200 && img.data[i + 1] < 60 && img.data[i + 2] < 60) n++;
  return n;
};

describe('simulated Frigate HTTP API', () => {
  it('draws a new latest frame for a known camera each second, 404 for another name', async () => {
    const a = await get(`/api/${camera.frigateName}/latest.jpg`);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('image/jpeg');
    const first = await jpeg(a);
    expect([first.width, first.height]).toEqual([640, 360]);
    const same = Buffer.from(await (await get(`/api/${camera.frigateName}/latest.jpg`)).arrayBuffer());
    clock += 1000;
    const next = Buffer.from(await (await get(`/api/${camera.frigateName}/latest.jpg`)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(first.data), Buffer.from((await decodeBuf(same)).data))).toBe(0);
    expect(Buffer.compare(Buffer.from(first.data), Buffer.from((await decodeBuf(next)).data))).not.toBe(0);
    expect((await get('/api/cam_nowhere/latest.jpg')).status).toBe(404);
    const small = await jpeg(await get(`/api/${camera.frigateName}/latest.jpg?h=180`));
    expect([small.width, small.height]).toEqual([320, 180]);
  });

  it('serves thumbnails and snapshots (box drawn with bbox=1) of the events it saw published', async () => {
    expect((await get(`/api/events/${id}/snapshot.jpg`)).status).toBe(404);
    sim.observe(created);
    const thumb = await get(`/api/events/${id}/thumbnail.jpg`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect((await jpeg(thumb)).width).toBe(320);
    const plain = await jpeg(await get(`/api/events/${id}/snapshot.jpg`));
    const boxed = await jpeg(await get(`/api/events/${id}/snapshot.jpg?bbox=1`));
    expect(redPixels(plain)).toBeLessThan(50);
    expect(redPixels(boxed)).toBeGreaterThan(300);
  });

  it('serves the clip once the event has one, with byte ranges; 404 before', async () => {
    expect((await get(`/api/events/${id}/clip.mp4`)).status).toBe(404);
    sim.observe(updated);
    const full = await get(`/api/events/${id}/clip.mp4`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    const size = Number(full.headers.get('content-length'));
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(100_000);
    expect((await full.arrayBuffer()).byteLength).toBe(size);
    const part = await get(`/api/events/${id}/clip.mp4`, { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const tail = await get(`/api/events/${id}/clip.mp4`, { Range: 'bytes=-10' });
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect((await get(`/api/events/${id}/clip.mp4`, { Range: `bytes=${size}-` })).status).toBe(416);
  });

  it('answers 404 to ids that are not Frigate ids (no path tricks)', async () => {
    for (const p of [
      '/api/events/..%2F..%2Fetc%2Fpasswd/clip.mp4',
      '/api/events/../../x/snapshot.jpg',
      `/api/events/${id}x!/thumbnail.jpg`,
    ])
      expect((await get(p)).status).toBe(404);
  });

  it('with a login configured: 401 without a token, /api/login gives one (cookie or bearer)', async () => {
    const locked = await startFrigateSim({ city, auth: { user: 'ioc', password: 'secret-pass' } });
    try {
      const path = `${locked.url}/api/${camera.frigateName}/latest.jpg`;
      expect((await fetch(path)).status).toBe(401);
      const login = (password: string) =>
        fetch(`${locked.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'ioc', password }),
        });
      expect((await login('wrong')).status).toBe(401);
      const ok = await login('secret-pass');
      const token = /frigate_token=([^;]+)/.exec(ok.headers.get('set-cookie') ?? '')![1];
      expect((await fetch(path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(path, { headers: { cookie: `frigate_token=${token}` } })).status).toBe(200);
      expect((await fetch(path, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
    } finally {
      await locked.close();
    }
  });
});

async function decodeBuf(b: Buffer) {
  return decode(b, { useTArray: true });
}
