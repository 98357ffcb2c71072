import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * The live benchmark's baseline, run as its own process: a bare socket.io server that emits each event to
 * every client the moment it is produced (`io.emit`, one message per event) — no database, no outbox, no
 * auth, no subscriptions. Argv: port. Commands on stdin (JSON lines): {"emit": {rate, seconds, template}}.
 * Prints "listening" when ready and "done <emitted>" at the end.
 */
const port = Number(process.argv[2]);
const http = createServer();
const ioServer = new Server(http, { path: '/socket.io', serveClient: false });
const now = () => performance.timeOrigin + performance.now();

http.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));

let buf = '';
process.stdin.on('data', (d) => {
  buf += d.toString();
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    const cmd = JSON.parse(line) as { emit?: { rate: number; seconds: number; template: object } };
    if (cmd.emit) void emitLoop(cmd.emit.rate, cmd.emit.seconds, cmd.emit.template);
  }
});

async function emitLoop(rate: number, seconds: number, template: object): Promise<void> {
  const total = rate * seconds;
  const t0 = now();
  let seq = 0;
  while (seq < total) {
    // as many as are due by now, then yield to the event loop (1 ms ticks)
    const due = Math.min(total, Math.floor(((now() - t0) / 1000) * rate) + 1);
    while (seq < due) {
      seq++;
      const id = `B-${seq}`;
      ioServer.emit('live:events', {
        events: [
          {
            seq,
            time: new Date().toISOString(),
            kind: 'incident',
            entityId: id,
            op: 'comment',
            payload: { ...template, id, benchT: now() },
          },
        ],
        seq,
      });
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  process.stdout.write(`done ${seq}\n`);
}
