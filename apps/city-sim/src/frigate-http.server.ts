import type { City } from '@ioc/contracts/city.schema';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, statSync, createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { findRepoRoot } from './city.loader';
import { Frame, type Rgb } from './frame.renderer';
import { hashKey } from './keyed-noise.prng';

/**
 * The demo cameras' Frigate: the slice of Frigate's HTTP API the IOC server relays (docs/simulator.md).
 * Latest frames are drawn on request (camera name and the city-time clock, so a person sees them change
 * every second); event thumbnails and snapshots are drawn for the events the simulator published on
 * `frigate/events` (same ids), with the object's box; clips are one small committed MP4.
 */
export interface FrigateSimOptions {
  city: City;
  /** 0 (default): any free port. */
  port?: number;
  host?: string;
  /** MP4 served for events that have a clip; default the committed asset; absent file: 404 "no clip". */
  clipFile?: string;
  /** Frigate's authenticated API: /api/login then a bearer token or the frigate_token cookie. */
  auth?: { user: string; password: string };
  now?: () => number;
}

export interface FrigateSim {
  url: string;
  port: number;
  /** Feed it every message the simulator publishes; it keeps what `frigate/events` says. */
  observe(m: { topic: string; payload: Uint8Array }): void;
  /** Requests answered so far (tests check that the browser never reached it directly). */
  requests(): number;
  close(): Promise<void>;
}

interface SimEvent {
  camera: string;
  label: string;
  score: number;
  startS: number;
  /** [x1, y1, x2, y2] in the 1280×720 detect stream. */
  box: [number, number, number, number] | null;
  hasClip: boolean;
}

export const DEFAULT_CLIP = 'apps/city-sim/assets/frigate-clip.mp4';
const DETECT_W = 1280;
const DETECT_H = 720;
const MAX_EVENTS = 5000;
const EVENT_ID_RE = /^\d{1,12}\.\d{1,6}-[a-z0-9]{1,32}$/;

/** Asia/Ho_Chi_Minh wall time (UTC+7, no DST), as a camera overlay prints it. */
export function cityClock(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function tint(name: string): { sky: Rgb; ground: Rgb } {
  const h = hashKey(0, name) % 60;
  return { sky: [70 + h, 110 + (h >> 1), 160], ground: [80 + (h >> 1), 90 + h, 70] };
}

/** A street scene of the camera at `ms`: a vehicle crosses once a minute, so consecutive frames differ. */
function scene(camera: string, ms: number, width: number, height: number): Frame {
  const f = new Frame(width, height);
  const { sky, ground } = tint(camera);
  const horizon = Math.round(height * 0.45);
  f.gradient(0, horizon, sky, [200, 210, 220]);
  f.gradient(horizon, height - horizon, ground, [40, 45, 40]);
  const road = Math.round(height * 0.68);
  f.fill(0, road, width, Math.round(height * 0.14), [60, 60, 64]);
  for (let x = (Math.floor(ms / 1000) * 7) % 60; x < width; x += 60)
    f.fill(x, road + Math.round(height * 0.065), 30, Math.max(2, height / 120), [230, 230, 230]);
  const phase = (ms % 60_000) / 60_000;
  const carW = Math.round(width * 0.12);
  f.fill(Math.round(phase * (width + carW)) - carW, road - height * 0.05, carW, height * 0.09, [180, 30, 40]);
  return f;
}

function overlay(f: Frame, camera: string, ms: number, scale: number): void {
  f.label(8 * scale, 8 * scale, camera, [255, 255, 255], 2 * scale);
  const clock = cityClock(ms);
  f.label(f.width - clock.length * 12 * scale - 8 * scale, 8 * scale, clock, [255, 255, 0], 2 * scale);
  f.label(8 * scale, f.height - 24 * scale, 'SIMULATED FRIGATE', [200, 200, 200], scale);
}

/** The detected object drawn where its box says (fire, smoke, a person, a vehicle). */
function drawObject(f: Frame, e: SimEvent, withBox: boolean): void {
  if (!e.box) return;
  const sx = f.width / DETECT_W;
  const sy = f.height / DETECT_H;
  const [x1, y1, x2, y2] = e.box;
  const x = x1 * sx;
  const y = y1 * sy;
  const w = (x2 - x1) * sx;
  const h = (y2 - y1) * sy;
  const colour: Rgb =
    e.label === 'fire'
      ? [250, 120, 20]
      : e.label === 'smoke'
        ? [150, 150, 150]
        : e.label === 'person'
          ? [30, 60, 160]
          : [200, 200, 40];
  f.fill(x + w * 0.15, y + h * 0.1, w * 0.7, h * 0.85, colour);
  if (e.label === 'fire') f.fill(x + w * 0.3, y + h * 0.3, w * 0.4, h * 0.6, [255, 220, 60]);
  if (withBox) {
    const red: Rgb = [255, 0, 0];
    f.rect(x, y, w, h, red, Math.max(2, Math.round(f.width / 320)));
    const text = `${e.label} ${Math.round(e.score * 100)}%`;
    f.label(x + 2, Math.max(2, y - 18), text, [255, 255, 255], 2);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendJpeg(req: IncomingMessage, res: ServerResponse, jpeg: Buffer): void {
  res.writeHead(200, {
    'Content-Type': 'image/jpeg',
    'Content-Length': jpeg.length,
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : jpeg);
}

/** Serves a file with single-range support, as a <video> element needs. */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string): void {
  const size = statSync(file).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (req.headers.range !== undefined) {
    if (range && (range[1] !== '' || range[2] !== '')) {
      if (range[1] === '') start = Math.max(0, size - Number(range[2]));
      else {
        start = Number(range[1]);
        end = range[2] === '' ? size - 1 : Math.min(size - 1, Number(range[2]));
      }
    }
    if (!range || start > end || start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      res.end();
      return;
    }
    res.writeHead(206, {
      'Content-Type': type,
      'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    });
  } else {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
  }
  if (req.method === 'HEAD') res.end();
  else createReadStream(file, { start, end }).pipe(res);
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startFrigateSim(o: FrigateSimOptions): Promise<FrigateSim> {
  const now = o.now ?? Date.now;
  const cameras = new Set(o.city.cameras.map((c) => c.frigateName));
  const events = new Map<string, SimEvent>();
  const clip = o.clipFile ?? join(findRepoRoot(), DEFAULT_CLIP);
  const tokens = new Set<string>();
  const latest = new Map<string, { second: number; jpeg: Buffer }>();
  let count = 0;

  const authorised = (req: IncomingMessage): boolean => {
    if (!o.auth) return true;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = /(?:^|;\s*)frigate_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const t = bearer ?? cookie;
    return t !== undefined && tokens.has(t);
  };

  const login = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body = (body + d).slice(0, 4096)));
    req.on('end', () => {
      let creds: { user?: unknown; password?: unknown } = {};
      try {
        creds = JSON.parse(body) as typeof creds;
      } catch {
        /* refused below */
      }
      if (
        !o.auth ||
        typeof creds.user !== 'string' ||
        typeof creds.password !== 'string' ||
        !same(creds.user, o.auth.user) ||
        !same(creds.password, o.auth.password)
      )
        return sendJson(res, 401, { message: 'Login failed' });
      const token = randomBytes(24).toString('base64url');
      tokens.add(token);
      res.writeHead(200, { 'Set-Cookie': `frigate_token=${token}; Path=/; HttpOnly; SameSite=Strict` });
      res.end();
    });
  };

  const server = createServer((req, res) => {
    count++;
    const url = new URL(req.url ?? '/', 'http://frigate.local');
    const path = url.pathname;
    if (req.method === 'POST' && path === '/api/login') return login(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { message: 'GET only' });
    if (!authorised(req)) return sendJson(res, 401, { message: 'Unauthorized' });
    if (path === '/api/version') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end('0.14.1-ioc-sim');
    }
    const live = /^\/api\/([A-Za-z0-9_-]{1,64})\/latest\.jpg$/.exec(path);
    if (live) {
      const camera = live[1];
      if (!cameras.has(camera)) return sendJson(res, 404, { success: false, message: 'Camera not found' });
      const h = Math.min(720, Math.max(90, Number(url.searchParams.get('h')) || 360));
      const ms = now();
      const second = Math.floor(ms / 1000);
      const key = `${camera}@${h}`;
      let cached = latest.get(key);
      if (!cached || cached.second !== second) {
        const f = scene(camera, ms, Math.round((h * 16) / 9), h);
        overlay(f, camera, ms, h >= 300 ? 1 : 0.5);
        cached = { second, jpeg: f.jpeg() };
        latest.set(key, cached);
      }
      return sendJpeg(req, res, cached.jpeg);
    }
    const ev = /^\/api\/events\/([^/]+)\/(thumbnail\.jpg|snapshot\.jpg|clip\.mp4)$/.exec(path);
    if (ev) {
      const e = EVENT_ID_RE.test(ev[1]) ? events.get(ev[1]) : undefined;
      if (!e) return sendJson(res, 404, { success: false, message: 'Event not found' });
      if (ev[2] === 'clip.mp4') {
        if (!e.hasClip || !existsSync(clip))
          return sendJson(res, 404, { success: false, message: 'Clip not found' });
        return sendFile(req, res, clip, 'video/mp4');
      }
      const at = e.startS * 1000;
      if (ev[2] === 'snapshot.jpg') {
        const f = scene(e.camera, at, 640, 360);
        drawObject(f, e, url.searchParams.get('bbox') === '1');
        overlay(f, e.camera, at, 1);
        return sendJpeg(req, res, f.jpeg(80));
      }
      // Frigate's thumbnail is a small crop around the object.
      const f = scene(e.camera, at, 320, 180);
      drawObject(f, e, false);
      f.label(6, 6, e.label, [255, 255, 255], 2);
      return sendJpeg(req, res, f.jpeg(70));
    }
    sendJson(res, 404, { success: false, message: 'Not found' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host && o.host !== '0.0.0.0' ? o.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests: () => count,
    observe(m) {
      if (!m.topic.endsWith('/events')) return;
      let after: Record<string, unknown>;
      try {
        after = (JSON.parse(Buffer.from(m.payload).toString('utf8')) as { after: Record<string, unknown> })
          .after;
      } catch {
        return; // a deliberately malformed message
      }
      const id = after?.['id'];
      const camera = after?.['camera'];
      if (typeof id !== 'string' || !EVENT_ID_RE.test(id) || typeof camera !== 'string') return;
      const box = after['box'];
      const prev = events.get(id);
      events.delete(id);
      events.set(id, {
        camera,
        label: typeof after['label'] === 'string' ? after['label'] : 'object',
        score: typeof after['top_score'] === 'number' ? after['top_score'] : 0,
        startS: typeof after['start_time'] === 'number' ? after['start_time'] : now() / 1000,
        box:
          Array.isArray(box) && box.length === 4 && box.every((n) => typeof n === 'number')
            ? (box as [number, number, number, number])
            : (prev?.box ?? null),
        hasClip: after['has_clip'] === true || prev?.hasClip === true,
      });
      if (events.size > MAX_EVENTS) events.delete(events.keys().next().value!);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
