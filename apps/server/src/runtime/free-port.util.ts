import { createServer } from 'node:net';

/** Whether nothing listens on `port` at 127.0.0.1 (binding it is the only reliable test). */
export function isPortFree(port: number): Promise<boolean> {
  return listenOnce(port).then((p) => p !== null);
}

/** A port free at this moment, chosen by the OS. */
export async function anyFreePort(): Promise<number> {
  const p = await listenOnce(0);
  if (p === null) throw new Error('no free TCP port on 127.0.0.1');
  return p;
}

function listenOnce(port: number): Promise<number | null> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(null));
    s.listen(port, '127.0.0.1', () => {
      const a = s.address();
      const p = typeof a === 'object' && a ? a.port : null;
      s.close(() => res(p));
    });
  });
}
