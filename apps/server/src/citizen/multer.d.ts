// The part of multer's API the citizen form uses. multer comes with @nestjs/platform-express (which parses
// multipart with it) and ships no types; @types/multer is not a dependency of this repository.
declare module 'multer' {
  import type { RequestHandler } from 'express';

  interface Limits {
    fileSize?: number;
    files?: number;
    fields?: number;
    fieldSize?: number;
    parts?: number;
  }
  interface Multer {
    array(field: string, maxCount?: number): RequestHandler;
  }
  interface MulterFactory {
    (options: { storage?: unknown; limits?: Limits }): Multer;
    memoryStorage(): unknown;
  }
  const multer: MulterFactory;
  export default multer;
}
