// Compiled builds keep `@ioc/<lib>/<file>` imports; map them to the libs compiled beside the app.
// Layout: dist/apps/city-sim/apps/city-sim/src/paths.register.js and dist/apps/city-sim/libs/<lib>/src/...
import Module from 'node:module';
import { join } from 'node:path';

const libsRoot = join(__dirname, '..', '..', '..', 'libs');
type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]) {
  const m = /^@ioc\/(contracts|feeds|domain)\/(.+)$/.exec(request);
  return original.call(this, m ? join(libsRoot, m[1], 'src', m[2]) : request, ...rest);
};
