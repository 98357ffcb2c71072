import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Serves the built console on the same port; unknown non-API paths get index.html (client routing). */
export function serveConsole(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  // Source maps are built 'hidden' (apps/console/vite.config.ts) and never served: they would hand out the
  // console's whole source. 404 here, before the static files and the index.html fallback.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api') && req.path.toLowerCase().endsWith('.map')) {
      res.status(404).json({ statusCode: 404, message: 'Not Found' });
      return;
    }
    next();
  });
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // HEAD as GET (uptime probes, curl -I): sendFile answers it with the headers and no body
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      req.path.startsWith('/api') ||
      req.path.startsWith('/public/') ||
      req.path.startsWith('/socket.io')
    )
      return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
