import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

/** Socket-level errors and PostgreSQL's connection/shutdown SQLSTATE classes (08, 57P0x). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))
  )
    return true;
  // pg-pool's own errors when the server vanished mid-query or no connection could be made in time
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/.test(
      message,
    )
  );
}

/**
 * While the database is down every request that touches it (and the auth guard does) would answer 500:
 * answer 503 with Retry-After instead, so clients and load balancers know it is temporary. Everything else
 * goes to Nest's default handling.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  override catch(e: unknown, host: ArgumentsHost): void {
    if (!(e instanceof HttpException) && isDatabaseUnavailable(e) && host.getType() === 'http') {
      this.log.warn(`database unavailable: ${(e as Error).message}`);
      const res = host.switchToHttp().getResponse<Response>();
      if (!res.headersSent)
        res
          .status(503)
          .setHeader('Retry-After', '5')
          .json({ statusCode: 503, message: 'database unavailable, try again shortly' });
      return;
    }
    super.catch(e, host);
  }
}
