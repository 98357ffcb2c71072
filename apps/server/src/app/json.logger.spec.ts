import { Writable } from 'node:stream';
import { JsonLogger } from './json.logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, ISO time, context and message', () => {
    const out = capture();
    const log = new JsonLogger('log', out.stream);
    log.log('subscribed to ioc/#', 'ingest');
    log.warn({ event: 'retry', attempt: 2 }, 'ingest');
    const [a, b] = out.lines();
    expect(a).toMatchObject({
      level: 30,
      context: 'ingest',
      msg: 'subscribed to ioc/#',
      service: 'ioc-server',
    });
    expect(Date.parse(a.time as string)).not.toBeNaN();
    expect(b).toMatchObject({ level: 40, context: 'ingest', event: 'retry', attempt: 2 });
  });

  it('keeps the stack of errors and drops levels below the configured one', () => {
    const out = capture();
    const log = new JsonLogger('warn', out.stream);
    log.log('not shown', 'boot');
    log.debug('not shown either', 'boot');
    log.error('write failed', 'Error: boom\n    at x', 'ingest');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, context: 'ingest', msg: 'write failed' });
    expect(lines[0].stack).toContain('Error: boom');
  });
});
