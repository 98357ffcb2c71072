import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';

const PINO_LEVEL: Record<LogLevel, pino.Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's logger interface over pino: one JSON object per line ({level, time, pid, hostname, context, msg})
 * for log collectors (Loki, ELK). Written synchronously: logs are rare and must survive process.exit. Nest passes the context as the last string argument and, for errors,
 * the stack before it.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Pino;

  constructor(
    level: LogLevel,
    destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
  ) {
    this.pino = pino(
      {
        level: PINO_LEVEL[level],
        base: { pid: process.pid, service: 'ioc-server' },
        timestamp: pino.stdTimeFunctions.isoTime,
      },
      destination,
    );
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const stack =
      level === 'error' || level === 'fatal'
        ? (args.find((a) => typeof a === 'string') as string)
        : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.pino[PINO_LEVEL[level]]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null)
      this.pino[PINO_LEVEL[level]]({ ...fields, ...message });
    else this.pino[PINO_LEVEL[level]](fields, String(message));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
}
