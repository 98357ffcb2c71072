import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { API_DOC_KEY, type ApiDocOptions } from './api-doc.decorator';
import { parseRequestInput } from './request-input.util';

/**
 * The one validation path of the REST API (registered globally): after the guard, before any handler
 * argument is read, the request's query, path parameters and body are parsed with the schemas its @ApiDoc
 * declares and replaced by the parsed values, so `@Query()`, `@Param()` and `@Body()` hand the handler
 * typed, validated input; bad input answers 400 (InputError → HttpErrorFilter).
 */
@Injectable()
export class InputValidationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const doc = this.reflector.get<ApiDocOptions | undefined>(API_DOC_KEY, ctx.getHandler());
    if (!doc || (!doc.query && !doc.body && !doc.params)) return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const input = parseRequestInput(doc, { query: req.query, body: req.body, params: req.params });
    // Express 5's `req.query` is a getter that parses the URL on each read: shadow it with the result.
    if (doc.query)
      Object.defineProperty(req, 'query', { value: input.query, configurable: true, enumerable: true });
    if (doc.params) req.params = input.params as Request['params'];
    if (doc.body) req.body = input.body;
    return next.handle();
  }
}
