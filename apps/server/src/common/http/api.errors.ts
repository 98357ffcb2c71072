import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

/** One bad input: the top-level field (query parameter, body key, `body`, `url`) and what is wrong. */
export interface FieldError {
  field: string;
  message: string;
}

/** 400 for bad input; HttpErrorFilter turns it into `{ statusCode, message, field, errors }`. */
export class InputError extends BadRequestException {
  constructor(readonly errors: FieldError[]) {
    super({ field: errors[0].field, message: errors[0].message, errors });
  }
}

/** 400 naming one field (checks a schema cannot express, e.g. against the database). */
export const invalidInput = (field: string, message: string) => new InputError([{ field, message }]);

/** 404 `{ statusCode, message }`. */
export const notFound = (message: string) => new NotFoundException({ message });

/** 409 `{ statusCode, message, ...details }` (details say what to do instead, e.g. `allowed`). */
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new ConflictException({ message, ...details });
