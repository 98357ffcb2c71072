import { z } from 'zod';
import { DeviceKindSchema } from './device.schema';

/** Static description of the demo city (infra/city/city.json); also the registry seed. */
export const CityWardSchema = z.object({ id: z.string(), name: z.string() });

export const CitySensorSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: DeviceKindSchema,
  ward: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** Metrics the device publishes, e.g. pm25, pm10, no2, water_level. */
  metrics: z.array(z.string()),
  expectedIntervalS: z.number().int().positive(),
  /** Feed the simulator speaks for this device. */
  format: z.enum(['senml', 'fiware', 'ttn', 'zigbee2mqtt']),
  /**
   * Water gauges: flood alarm levels I/II/III (báo động I/II/III) in metres on the gauge's datum, set
   * by the provincial hydro-meteorological station; the flood rule compares water_level with them.
   */
  floodAlarms: z
    .object({ level1: z.number(), level2: z.number(), level3: z.number() })
    .refine((a) => a.level1 < a.level2 && a.level2 < a.level3, 'level1 < level2 < level3 required')
    .optional(),
});

/** Env variable names only: credentials never live in city.json (it is in the repository). */
const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an environment variable name');

/**
 * Which Frigate serves a camera's media, when it is not the default one (FRIGATE_BASE_URL). The URL may be
 * written here or named by `urlEnv`; a user and password are read from the named variables (or from the
 * file named by `<passwordEnv>_FILE`). The server alone talks to it.
 */
export const CameraFrigateSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    urlEnv: EnvName.optional(),
    userEnv: EnvName.optional(),
    passwordEnv: EnvName.optional(),
  })
  .refine((f) => !(f.url && f.urlEnv), 'give url or urlEnv, not both')
  .refine((f) => !f.userEnv === !f.passwordEnv, 'userEnv and passwordEnv go together');
export type CameraFrigate = z.infer<typeof CameraFrigateSchema>;

export const CityCameraSchema = z.object({
  id: z.string(),
  name: z.string(),
  ward: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** Degrees clockwise from north the camera looks at. */
  bearing: z.number().min(0).max(360),
  /** Horizontal field of view in degrees. */
  fov: z.number().positive().max(360),
  /** Metres the camera usefully sees. */
  range: z.number().positive(),
  /** Frigate's camera name for this camera. */
  frigateName: z.string(),
  /** The Frigate instance of this camera; absent: the default one (FRIGATE_BASE_URL). */
  frigate: CameraFrigateSchema.optional(),
});

export const UnitTypeSchema = z.enum(['police', 'fire', 'ambulance', 'traffic', 'environment', 'utility']);

export const CityUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: UnitTypeSchema,
  baseName: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** OwnTracks user/device the unit's tracker publishes as. */
  tracker: z.string(),
});

/** A well-known place operators name locations by ("120 m from Chợ Phan Thiết"). */
export const CityLandmarkSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const CitySchema = z.object({
  id: z.string(),
  name: z.string(),
  province: z.string(),
  center: z.tuple([z.number(), z.number()]),
  /**
   * [west, south, east, north] in degrees: the area the IOC serves. Citizen reports outside it are
   * refused. Absent: the extent of wards.geojson.
   */
  bbox: z
    .tuple([
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
    ])
    .refine(([w, s, e, n]) => s < n && w !== e, 'must be [west, south, east, north]')
    .optional(),
  zoom: z.number(),
  wards: z.array(CityWardSchema),
  sensors: z.array(CitySensorSchema),
  cameras: z.array(CityCameraSchema),
  units: z.array(CityUnitSchema),
  /** Optional in city.json (a city without landmarks describes places by ward only); always in `/api/city`. */
  landmarks: z
    .array(CityLandmarkSchema)
    .default([])
    .refine((l) => new Set(l.map((x) => x.id)).size === l.length, 'landmark ids must be unique'),
});
export type City = z.infer<typeof CitySchema>;
export type CitySensor = z.infer<typeof CitySensorSchema>;
export type CityCamera = z.infer<typeof CityCameraSchema>;
export type CityUnit = z.infer<typeof CityUnitSchema>;
export type CityLandmark = z.infer<typeof CityLandmarkSchema>;
