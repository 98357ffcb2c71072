import sharp from 'sharp';
import type { StoredPhoto } from './citizen.repository';

/** Formats a phone's browser sends; anything else (SVG, PDF, a renamed file) is not a photo. */
const PHOTO_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'gif', 'tiff']);
/** Decompression-bomb guard: a 5 MB PNG can declare 50,000 × 50,000 pixels. */
const MAX_INPUT_PIXELS = 40_000_000;

/** The upload is not an image sharp can decode (400 naming the photo). */
export class NotAnImageError extends Error {}

/**
 * Validates an upload as a real image by decoding it, then re-encodes it as JPEG no larger than `maxPx`
 * on its longest side: EXIF (GPS position, phone model), XMP and ICC metadata are dropped (sharp keeps
 * none unless asked), the EXIF orientation is applied first so the picture stays upright.
 */
export async function reencodePhoto(input: Buffer, maxPx: number): Promise<StoredPhoto> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw new NotAnImageError('is not an image');
  }
  if (!format || !PHOTO_FORMATS.has(format))
    throw new NotAnImageError(`is not a photo (${format ?? 'unknown'})`);
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: maxPx, height: maxPx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new NotAnImageError('could not be decoded as an image');
  }
}
