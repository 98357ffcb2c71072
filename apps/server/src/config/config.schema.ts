import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { FeedSourceSchema, type FeedSource } from '@ioc/contracts/feed-source.schema';
import { ServerRoleSchema } from '@ioc/contracts/health.dto';
import { RoleSchema, type Role } from '@ioc/contracts/auth.schema';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be an integer port')
  // 0 = any free port (tests)
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL with one of: ${protocols.join(', ')}`,
  );

/** A path to a file that exists (TLS material): a typo fails at start, not at the first reconnect. */
const existingFile = z
  .string()
  .min(1)
  .refine((p) => existsSync(p), 'file not found');

/** Self-registered devices one feed may hold (0: only devices of city.json or already registered). */
const deviceCap = z.coerce.number().int('must be an integer').min(0, 'must be >= 0').max(10_000_000);

/** `feed=n,feed=n` → per-feed caps; feeds are the ingest's sources (senml, zigbee2mqtt, ttn, …). */
const deviceCapsByFeed = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const caps: Partial<Record<FeedSource, number>> = {};
    for (const item of v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([a-z0-9]+)\s*=\s*(\S+)$/.exec(item);
      const feed = FeedSourceSchema.safeParse(m?.[1]);
      const n = deviceCap.safeParse(m?.[2]);
      if (!m || !feed.success || !n.success) {
        ctx.addIssue({
          code: 'custom',
          message: `"${item}" is not <feed>=<count> with a feed of ${FeedSourceSchema.options.join(', ')}`,
        });
        return z.NEVER;
      }
      caps[feed.data] = n.data;
    }
    return caps;
  });

/** Express's names for address ranges (proxy-addr): 127/8 + ::1, 169.254/16 + fe80::/10, private ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** One proxy address: an IP, an IP/prefix, or one of the named ranges. */
function proxyAddress(p: string): boolean {
  if (PROXY_RANGES.includes(p)) return true;
  const [ip, prefix, ...rest] = p.split('/');
  const v = isIP(ip);
  if (!v || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (v === 4 ? 32 : 128));
}

/**
 * Which reverse proxies may tell the client's address (X-Forwarded-For), as Express's `trust proxy`: off,
 * a number of proxy hops in front of the server, or the proxies' addresses. "true" is refused: it would
 * believe an address any client can forge, and the login throttle counts per address.
 */
const trustProxy = z.string().transform((v, ctx) => {
  const s = v.trim().toLowerCase();
  if (['false', 'no', 'off', '0'].includes(s)) return false;
  if (['true', 'yes', 'on'].includes(s)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'would trust any client-sent X-Forwarded-For: give the number of proxies (e.g. 1) or their addresses',
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(s)) {
    if (Number(s) > 10) {
      ctx.addIssue({ code: 'custom', message: 'must be at most 10 proxy hops' });
      return z.NEVER;
    }
    return Number(s);
  }
  const list = s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = list.find((p) => !proxyAddress(p));
  if (bad !== undefined || list.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `"${bad ?? v}" is not false, a hop count, an IP, an IP/prefix or loopback/linklocal/uniquelocal`,
    });
    return z.NEVER;
  }
  return list;
});

/**
 * Every environment variable the server reads, with its default. `.env.example` mirrors this list;
 * a test keeps the two in step.
 */
export const EnvSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  MQTT_URL: url(['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:']).optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_PORT: port.default(1883),
  /** Largest MQTT packet the embedded broker accepts, in KiB (Mosquitto: message_size_limit); larger: disconnected. */
  MQTT_MAX_PACKET_KB: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 KiB')
    .max(256 * 1024, 'must be at most 262144 KiB (the MQTT maximum)')
    .default(2048),
  MQTT_CLIENT_ID: z.string().min(1).max(64).optional(),
  MQTT_SHARED_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'must contain only letters, digits, _ and -')
    .default('ioc-ingest'),
  MQTT_PROTOCOL_VERSION: z.enum(['auto', '4', '5']).default('auto'),
  MQTT_SESSION_EXPIRY_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
  /** MQTT 5 receive maximum: QoS 1 messages the broker may have in flight to this instance, unacknowledged. */
  MQTT_RECEIVE_MAXIMUM: z.coerce.number().int().min(1).max(65535).default(65535),
  /** TLS for mqtts:// and wss://: CA bundle to trust, and a client certificate + key if the broker wants one. */
  MQTT_CA_FILE: existingFile.optional(),
  MQTT_CERT_FILE: existingFile.optional(),
  MQTT_KEY_FILE: existingFile.optional(),
  MQTT_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  DATA_DIR: z.string().min(1).default('./.data'),
  EMBEDDED_PG_PORT: port.default(5433),
  IOC_ROLES: z
    .string()
    .default('ingest,api,live')
    .transform((v, ctx) => {
      const roles = v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      for (const r of roles) {
        if (!ServerRoleSchema.safeParse(r).success) {
          ctx.addIssue({ code: 'custom', message: `unknown role "${r}" (use ingest, api, live)` });
          return z.NEVER;
        }
      }
      if (roles.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'must name at least one role' });
        return z.NEVER;
      }
      return [...new Set(roles)] as z.infer<typeof ServerRoleSchema>[];
    }),
  SIM: bool.default(false),
  SIM_SPEED: z.coerce.number().positive('must be > 0').default(1),
  SIM_SEED: z.coerce.number().int().default(1),
  /** Demo: real minutes between scenarios the simulator overlays on the live city; 0 = never. */
  SIM_SCENARIO_EVERY_MIN: z.coerce.number().min(0, 'must be >= 0').default(10),
  CITY_DIR: z.string().min(1).default('infra/city'),
  /** Incident rules (YAML), relative to CITY_DIR unless absolute. */
  RULES_FILE: z.string().min(1).default('rules.yaml'),
  CONSOLE_DIR: z.string().min(1).default('dist/apps/console'),
  BASEMAP_STYLE_URL: z
    .string()
    .url('must be a URL')
    .or(z.string().regex(/^\//, 'must be a URL or an absolute path'))
    .optional(),
  /** PMTiles v3 archive of vector tiles (a province extract): the console draws streets from it. */
  BASEMAP_PMTILES: existingFile.optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1, 'must be at least 1 day').max(36500).default(365),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'verbose']).default('info'),
  /** text: Nest's coloured lines for a terminal; json: one JSON object per line (pino) for log collectors. */
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(50000).default(2000),
  INGEST_BATCH_MS: z.coerce.number().int().min(1).max(100, 'must be at most 100 ms').default(50),
  INGEST_WRITERS: z.coerce.number().int().min(1).max(8).default(3),
  INGEST_MAX_QUEUE: z.coerce.number().int().min(100).max(10_000_000).default(200_000),
  /** Times further ahead of the server clock are dead-lettered (time_in_future): device clocks drift, not by days. */
  INGEST_MAX_FUTURE_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .default(300),
  /** Devices a feed may register by sending data (not in city.json); beyond: dead letter `device_cap`. */
  DEVICE_AUTOREGISTER_MAX: deviceCap.default(5000),
  /** Per-feed overrides of DEVICE_AUTOREGISTER_MAX, e.g. `zigbee2mqtt=20000,senml=0`. */
  DEVICE_AUTOREGISTER_BY_FEED: deviceCapsByFeed,
  /** Offline transitions wait this long to be grouped by feed and ward before they are raised. */
  OFFLINE_GROUP_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** Devices of one feed and ward going offline within OFFLINE_MASS_WINDOW_S that make one "mass offline" incident. */
  OFFLINE_MASS_MIN_DEVICES: z.coerce.number().int().min(2, 'must be at least 2').max(1_000_000).default(10),
  OFFLINE_MASS_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Proposals held in memory (fire/flood/security first); beyond, they wait in incident_signals instead. */
  RULES_QUEUE_MAX: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  /** The default Frigate's HTTP API (cameras without their own `frigate` in city.json), e.g. http://nvr:5000. */
  FRIGATE_BASE_URL: z.string().url('must be a URL').optional(),
  /** Login of the default Frigate's authenticated API (port 8971); unset: its unauthenticated port. */
  FRIGATE_USER: z.string().min(1).max(200).optional(),
  FRIGATE_PASSWORD: z.string().min(1).max(1024).optional(),
  /** The password in a file (Docker/Kubernetes secret) instead of FRIGATE_PASSWORD. */
  FRIGATE_PASSWORD_FILE: existingFile.optional(),
  /** Roles that may view camera media (Decree 13: personal data); others get 403, recorded. */
  MEDIA_ROLES: z
    .string()
    .default('operator,supervisor,admin')
    .transform((v, ctx) => {
      const roles = v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const bad = roles.find((r) => !RoleSchema.safeParse(r).success);
      if (bad !== undefined || roles.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: bad ? `unknown role "${bad}"` : 'must name at least one role',
        });
        return z.NEVER;
      }
      return [...new Set(roles)] as Role[];
    }),
  /** Frigate must connect and send its response headers within this; beyond: 504 "camera unreachable". */
  MEDIA_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2500),
  /** Largest image (frame, thumbnail, snapshot) relayed, in KiB, and largest clip response, in MiB. */
  MEDIA_MAX_IMAGE_KB: z.coerce.number().int().min(16).max(65_536).default(8192),
  MEDIA_MAX_CLIP_MB: z.coerce.number().int().min(1).max(4096).default(200),
  /** Concurrent requests to one Frigate instance; more wait (bounded by the timeout above). */
  MEDIA_MAX_SOCKETS: z.coerce.number().int().min(1).max(256).default(16),
  /** Days the media access audit (media_access) is kept; older rows are purged at start and hourly. */
  MEDIA_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(90),
  /** Port of the simulator's Frigate-compatible API when SIM=true and FRIGATE_BASE_URL is unset; 0: any free. */
  SIM_FRIGATE_PORT: port.default(0),
  FEED_ROUTES_FILE: z.string().min(1).optional(),
  INCIDENTS_CONFIG_FILE: z.string().min(1).default('infra/city/incidents.yaml'),
  LIVE_DELTA_MS: z.coerce.number().int().min(500, 'must be at least 500 ms (≤ 2 batches/s)').default(500),
  LIVE_REPLAY_MAX_EVENTS: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  LIVE_REPLAY_MAX_AGE_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(3600),
  LIVE_CLIENT_BUFFER_KB: z.coerce
    .number()
    .int()
    .min(64)
    .max(1024 * 1024)
    .default(2048),
  LIVE_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  IOC_ADMIN_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3-64 letters, digits, ".", "_" or "-"')
    .default('admin'),
  IOC_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(1024).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ACCESS_TTL_S: z.coerce
    .number()
    .int()
    .min(30)
    .max(24 * 3600)
    .default(900),
  JWT_REFRESH_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 3600)
    .default(7 * 24 * 3600),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_WINDOW_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(300),
  /** Failures per username from any address within LOGIN_LOCKOUT_S before the account is locked for that long. */
  LOGIN_LOCKOUT_FAILURES: z.coerce.number().int().min(1).max(10_000).default(30),
  LOGIN_LOCKOUT_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(900),
  /** Failed logins from one client address, whatever the usernames, within LOGIN_ADDRESS_WINDOW_S (sprays). */
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(30),
  LOGIN_ADDRESS_WINDOW_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(900),
  /** Days the authentication audit (auth_events) is kept; older rows are purged at start and hourly. */
  AUTH_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(90),
  /** Citizen reports (POST /api/reports) and incident comments one user may post per minute; 429 beyond. */
  REPORTS_PER_USER_PER_MIN: z.coerce.number().int().min(1).max(10_000).default(20),
  COMMENTS_PER_USER_PER_MIN: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Positions one unit may send per minute (field view and OwnTracks HTTP); 429 beyond. */
  FIELD_POSITIONS_PER_MIN: z.coerce.number().int().min(1).max(10_000).default(60),
  /** The field view sends the phone's position this often while on duty, every FAST_INTERVAL when moving fast. */
  FIELD_POSITION_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(30),
  FIELD_POSITION_FAST_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(5),
  FIELD_POSITION_FAST_KMH: z.coerce.number().min(0).max(500).default(20),
  /** Public citizen reports: per client address and per phone number within the window; 429 beyond. */
  CITIZEN_REPORTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(5),
  CITIZEN_REPORTS_PER_PHONE: z.coerce.number().int().min(1).max(100_000).default(3),
  CITIZEN_REPORT_WINDOW_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
  /** Unknown tracking codes one address may try within the window before every lookup answers 429. */
  CITIZEN_CODE_MISSES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(10),
  CITIZEN_CODE_WINDOW_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(900),
  /** Longest side of a stored citizen photo (re-encoded JPEG, metadata stripped). */
  CITIZEN_PHOTO_MAX_PX: z.coerce.number().int().min(320).max(8000).default(1600),
  /** Reverse proxies trusted to give the client address (X-Forwarded-For); see trustProxy above. */
  TRUST_PROXY: trustProxy.default(false),
  /** Browser origins allowed to call the API cross-origin (comma separated); empty: same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const origins = v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      for (const o of origins) {
        let ok = false;
        try {
          ok = ['http:', 'https:'].includes(new URL(o).protocol) && new URL(o).origin === o;
        } catch {
          ok = false;
        }
        if (!ok) {
          ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin like https://ioc.example.vn` });
          return z.NEVER;
        }
      }
      return origins;
    }),
  /** Static bearer token Prometheus may use for /api/metrics (it cannot refresh JWTs); unset: none. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Largest JSON request body accepted, in KiB; larger bodies get 413. */
  HTTP_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
});

export type AppConfig = z.infer<typeof EnvSchema>;
