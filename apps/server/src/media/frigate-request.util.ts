import {
  request as httpRequest,
  type Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest } from 'node:https';

export type UpstreamResult =
  | { kind: 'response'; res: IncomingMessage; abort(): void }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string };

/** After the headers, a body that stalls this long is cut (a clip that stops mid-way). */
const BODY_IDLE_MS = 15_000;

/**
 * One request to Frigate. Resolves when the response headers arrive, or with `timeout` when connecting
 * plus the headers take longer than `timeoutMs` (whatever the stage: DNS, connect, a Frigate that accepts
 * and never answers), or `unreachable` with the socket error code. Never throws. The body is left to the
 * caller to stream; `abort` drops it (the browser went away).
 */
export function requestUpstream(
  url: URL,
  o: {
    agent: Agent;
    method?: 'GET' | 'POST';
    headers?: OutgoingHttpHeaders;
    body?: string;
    timeoutMs: number;
    signal?: AbortSignal;
  },
): Promise<UpstreamResult> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const settle = (r: UpstreamResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = send(url, { method: o.method ?? 'GET', agent: o.agent, headers: o.headers });
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      req.destroy();
    }, o.timeoutMs);
    req.on('response', (res) => {
      req.setTimeout(BODY_IDLE_MS, () => req.destroy(new Error('Frigate stalled mid-body')));
      settle({ kind: 'response', res, abort: () => req.destroy() });
    });
    req.on('error', (e: NodeJS.ErrnoException) => settle({ kind: 'unreachable', code: e.code ?? e.message }));
    o.signal?.addEventListener('abort', () => req.destroy(), { once: true });
    req.end(o.body);
  });
}
