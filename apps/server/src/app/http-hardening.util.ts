import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
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
 * (an external basemap style, Frigate snapshots). The map renders in workers created from our own files
 * (blob: for MapLibre's internal ones) and sets inline styles, hence those two allowances.
 */
export function hardenHttp(app: NestExpressApplication, config: AppConfig): void {
  const basemap = originOf(config.BASEMAP_STYLE_URL);
  const frigate = originOf(config.FRIGATE_BASE_URL);
  const extra = (o: string | null) => (o ? [o] : []);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...extra(basemap), ...extra(frigate)],
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
  app.use(rejectNulCharacters);
}

/** Path of the first string holding U+0000 inside a parsed JSON body, or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nulPath(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return path ? `${path}.${k}` : k;
      const p = nulPath(v, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL that reached a query would fail it with a 500. Refuse it at
 * the door with a 400 naming where it was, for the URL (path and query) and JSON bodies alike.
 */
function rejectNulCharacters(req: Request, res: Response, next: NextFunction): void {
  let url: string;
  try {
    url = decodeURIComponent(req.originalUrl);
  } catch {
    res.status(400).json({ statusCode: 400, message: 'malformed percent-encoding in the URL', field: 'url' });
    return;
  }
  const field = url.includes('\u0000') ? 'url' : nulPath(req.body, '');
  if (field) {
    res.status(400).json({
      statusCode: 400,
      message: `${field}: NUL characters are not allowed`,
      field,
      errors: [{ field, message: 'NUL characters are not allowed' }],
    });
    return;
  }
  next();
}
