import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';

/**
 * Benchmark clients in a worker thread: `count` socket.io clients subscribed to every layer. Each records,
 * per durable event, its seq and publish→receive latency (the publisher stamps `benchT`, epoch ms, into the
 * payload just before writing it). Commands from the parent: "stop" → reply with the results.
 */
interface Input {
  url: string;
  token: string | null;
  count: number;
  /** The raw baseline server speaks no subscribe protocol; it just emits. */
  subscribe: boolean;
}

interface Batch {
  events: { seq: number; payload: { benchT?: number } }[];
}

const { url, token, count, subscribe } = workerData as Input;
const now = () => performance.timeOrigin + performance.now();

interface ClientResult {
  seqs: number[];
  latencies: number[];
  /** Arrival time of every sensor delta batch and its size. */
  sensorTimes: number[];
  sensorStates: number;
  resyncs: number;
  errors: string[];
}

const results: ClientResult[] = [];
const sockets: Socket[] = [];
let ready = 0;

for (let i = 0; i < count; i++) {
  const r: ClientResult = {
    seqs: [],
    latencies: [],
    sensorTimes: [],
    sensorStates: 0,
    resyncs: 0,
    errors: [],
  };
  results.push(r);
  const s = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: token ? { token } : {},
  });
  sockets.push(s);
  s.on('live:events', (b: Batch) => {
    const t = now();
    for (const e of b.events) {
      r.seqs.push(e.seq);
      if (typeof e.payload.benchT === 'number') r.latencies.push(t - e.payload.benchT);
    }
  });
  s.on('sensor:delta', (d: { states: unknown[] }) => {
    r.sensorTimes.push(now());
    r.sensorStates += d.states.length;
  });
  s.on('live:resync', () => r.resyncs++);
  s.on('connect_error', (e: Error) => r.errors.push(e.message));
  s.on('live:error', (e: { message: string }) => r.errors.push(e.message));
  const onReady = () => {
    ready++;
    if (ready === count) parentPort!.postMessage({ type: 'ready' });
  };
  s.on('connect', () => {
    if (!subscribe) return onReady();
    s.once('live:subscribed', onReady);
    s.emit('live:subscribe', { layers: ['incidents', 'units', 'cameras', 'sensors'] });
  });
}

parentPort!.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  for (const s of sockets) s.close();
  parentPort!.postMessage({ type: 'results', results });
});
