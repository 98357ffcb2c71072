import {
  BadRequestException,
  Injectable,
  PayloadTooLargeException,
  type NestMiddleware,
} from '@nestjs/common';
import { CITIZEN_MAX_PHOTOS, CITIZEN_PHOTO_MAX_BYTES } from '@ioc/contracts/citizen.dto';
import type { NextFunction, Request, Response } from 'express';
// multer is what @nestjs/platform-express parses multipart with; used directly because the form must be
// parsed before the global input validation (interceptors run after middleware, before route interceptors).
import multer from 'multer';
import { InputError } from '../common/http/api.errors';

/** Multipart parts besides the photos: the form's few text fields. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: CITIZEN_PHOTO_MAX_BYTES,
    files: CITIZEN_MAX_PHOTOS,
    fields: 10,
    fieldSize: 16 * 1024,
    parts: 20,
  },
}).array('photos', CITIZEN_MAX_PHOTOS);

/**
 * Parses the citizen form (multipart/form-data: text fields + up to 3 `photos`) into req.body / req.files
 * before the guard and the input validation; its limits answer 413 (a photo over 5 MB) or 400 (too many
 * files, a file under another name) through the HttpErrorFilter.
 */
@Injectable()
export class CitizenUploadMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const code = (err as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE')
        return next(
          new PayloadTooLargeException({
            message: `a photo is larger than ${CITIZEN_PHOTO_MAX_BYTES / 1024 / 1024} MB`,
            field: 'photos',
          }),
        );
      if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE')
        return next(
          new InputError([
            { field: 'photos', message: `at most ${CITIZEN_MAX_PHOTOS} photos, sent as "photos"` },
          ]),
        );
      if (code === 'LIMIT_FIELD_VALUE' || code === 'LIMIT_FIELD_COUNT' || code === 'LIMIT_PART_COUNT')
        return next(new PayloadTooLargeException({ message: 'form too large' }));
      next(new BadRequestException({ message: 'malformed multipart form' }));
    });
  }
}
