import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { errorBody } from '../common/http/error-body.util';
import type { AppConfig } from '../config/config.schema';

/** Origin of an absolute http(s) URL, or null (relative paths and bad values add nothing to the CSP). */
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return ['http:', 'https:'].includes(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Security headers, CORS and body limits for every HTTP response. The console is served from the same
 * origin and loads nothing from elsewhere, so the CSP is 'self' plus the few origins the config names
 * (an external basemap style). The map renders in workers created from our own files
 * (blob: for MapLibre's internal ones) and sets inline styles, hence those two allowances.
 */
export function hardenHttp(app: NestExpressApplication, config: AppConfig): void {
  // req.ip is the TCP peer unless TRUST_PROXY names the proxies in front (login throttling and the audit
  // count per address; a forged X-Forwarded-For from a client must not change it).
  app.set('trust proxy', config.TRUST_PROXY);
  const basemap = originOf(config.BASEMAP_STYLE_URL);
  const extra = (o: string | null) => (o ? [o] : []);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // Camera images come through /api/media: the browser never loads from Frigate itself.
          imgSrc: ["'self'", 'data:', 'blob:', ...extra(basemap)],
          fontSrc: ["'self'"],
          connectSrc: ["'self'", ...extra(basemap)],
          workerSrc: ["'self'", 'blob:'],
          mediaSrc: ["'self'", 'blob:', 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      // Plain-HTTP LAN deployments are common in city IOCs; HSTS belongs on the TLS proxy in front.
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Same-origin by default: no CORS headers at all unless origins are listed.
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'POST', 'PATCH'],
      allowedHeaders: ['authorization', 'content-type'],
      maxAge: 600,
    });
  }
  const limit = `${config.HTTP_BODY_LIMIT_KB}kb`;
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { extended: false, limit });
  app.use(rejectBadInput);
}

/** Deepest JSON nesting a body may have. Ours are a few levels deep; 32 leaves room for any sane client. */
export const MAX_JSON_DEPTH = 32;

/**
 * What is wrong in a parsed JSON body, if anything: nesting deeper than MAX_JSON_DEPTH, or a string (or key)
 * holding U+0000, with its path. Walks with an explicit stack, not recursion: JSON.parse accepts a
 * 100,000-deep array, which would overflow the call stack of a recursive walk (a 500).
 */
function bodyProblem(body: unknown): { field: string; message: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000'))
        return { field: path || 'body', message: 'NUL characters are not allowed' };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH)
      return { field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    // pushed in reverse so the first problem in document order is found first
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => children.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (k.includes('\u0000')) return { field: p, message: 'NUL characters are not allowed' };
        children.push({ value: v, path: p, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return null;
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL that reached a query would fail it with a 500. Refuse it at
 * the door with a 400 naming where it was, for the URL (path and query) and JSON bodies alike; and refuse
 * absurdly nested bodies, which no route takes, before anything walks them.
 */
function rejectBadInput(req: Request, res: Response, next: NextFunction): void {
  let url: string;
  try {
    url = decodeURIComponent(req.originalUrl);
  } catch {
    res.status(400).json(errorBody(400, { field: 'url', message: 'malformed percent-encoding in the URL' }));
    return;
  }
  const problem = url.includes('\u0000')
    ? { field: 'url', message: 'NUL characters are not allowed' }
    : bodyProblem(req.body);
  if (problem) {
    res.status(400).json(errorBody(400, problem));
    return;
  }
  next();
}
