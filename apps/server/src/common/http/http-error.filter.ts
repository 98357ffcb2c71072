import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { errorBody } from './error-body.util';

/**
 * Every HTTP error the application throws (400 input, 401/403, 404, 409, 429, …) answers with the one body
 * shape of errorBody; registered globally after DatabaseUnavailableFilter, which keeps everything else.
 */
@Catch(HttpException)
export class HttpErrorFilter extends BaseExceptionFilter {
  override catch(e: HttpException, host: ArgumentsHost): void {
    const res = host.getType() === 'http' ? host.switchToHttp().getResponse<Response>() : null;
    if (!res || res.headersSent) return super.catch(e, host);
    res.status(e.getStatus()).json(errorBody(e.getStatus(), e.getResponse()));
  }
}
