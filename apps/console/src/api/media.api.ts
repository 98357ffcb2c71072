import { CameraEventLivePayloadSchema } from '@ioc/contracts/live-event.schema';
import { DeviceSchema, type Device } from '@ioc/contracts/device.schema';
import { z } from 'zod';
import { auth } from './auth.session';
import { getJson } from './http.client';

/**
 * Camera media through the server (/api/media relays Frigate; the browser never talks to Frigate).
 *
 * Media are fetched with the session's bearer header and shown from blob: URLs, rather than put in
 * <img src>/<video src> (which cannot carry the header). We chose that over a signed media URL or a cookie:
 * one auth path (auth.session.ts, refresh on 401 included), no token in URLs (access logs, Referer,
 * history), no cookie (no CSRF surface), and every fetch is audited under the user who made it. The price:
 * a clip is downloaded whole before it plays (event clips are short; the server caps their size).
 */
export class MediaError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const mediaPath = {
  latest: (camera: string) => `/api/media/cameras/${encodeURIComponent(camera)}/latest.jpg`,
  thumbnail: (eventId: string) => `/api/media/events/${encodeURIComponent(eventId)}/thumbnail.jpg`,
  snapshot: (eventId: string) => `/api/media/events/${encodeURIComponent(eventId)}/snapshot.jpg?bbox=1`,
  clip: (eventId: string) => `/api/media/events/${encodeURIComponent(eventId)}/clip.mp4`,
};

/** The media as a Blob; a refusal or an unreachable camera throws MediaError with the server's message. */
export async function fetchMedia(path: string, signal?: AbortSignal): Promise<Blob> {
  const res = await auth.fetch(path, { signal });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      /* not JSON */
    }
    throw new MediaError(res.status, message);
  }
  return res.blob();
}

const CameraEventRowSchema = CameraEventLivePayloadSchema;
export type CameraEventRow = z.infer<typeof CameraEventRowSchema>;

/** A camera's latest Frigate events, newest first. */
export function loadCameraEvents(
  camera: string,
  limit: number,
  signal?: AbortSignal,
): Promise<CameraEventRow[]> {
  return getJson(
    `/api/camera-events?camera=${encodeURIComponent(camera)}&limit=${limit}`,
    z.array(CameraEventRowSchema),
    signal,
  );
}

/** The device record of a camera (status online/offline from the device monitor). */
export function loadDevice(id: string, signal?: AbortSignal): Promise<Device> {
  return getJson(`/api/devices/${encodeURIComponent(id)}`, DeviceSchema, signal);
}
