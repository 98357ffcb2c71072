import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AedesOptions } from 'aedes';

/** The instances' own topics (sensor state between instances): never for devices. */
export const INTERNAL_TOPIC_ROOT = 'ioc-live/';
/** The user name server instances log in with, as in infra/mosquitto/acl.example. */
export const SERVER_USERNAME = 'ioc-server';

type Handlers = Required<Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeForward'>> &
  Pick<AedesOptions, 'authorizeSubscribe'>;

export interface EmbeddedBrokerAccess {
  handlers: Handlers;
  /** What a server instance logs in with (generated per broker start, never stored). */
  serverLogin: { username: string; password: string };
}

const isInternal = (topic: string) => topic.startsWith(INTERNAL_TOPIC_ROOT);
/** `ioc/units/<unitId>/assignment` → unitId (what the server pushes to a unit's tracker), else null. */
const assignmentUnit = (topic: string): string | null =>
  /^ioc\/units\/([^/]+)\/assignment$/.exec(topic)?.[1] ?? null;

/**
 * Access rules of the embedded broker, the aedes counterpart of infra/mosquitto/acl.example for its
 * internal topics. Devices stay anonymous as before (any user name but SERVER_USERNAME is a device);
 * a client that logs in as SERVER_USERNAME with the password generated here is a server instance. Only
 * server instances may publish on `ioc-live/…` (anyone else is disconnected: MQTT 3.1.1 has no refusal
 * for a PUBLISH) or receive from it (a device's `#` subscription skips those messages). Messages on that
 * channel are signed by the instances as well; this keeps a device from even trying.
 *
 * Unit assignments (`ioc/units/<unitId>/assignment`, pushed by the server like a CAD to a mobile data
 * terminal) may be published only by server instances; a device receives one only when it logged in with
 * that unit's id as user name (a tracker reads its own assignment, never another unit's). Device user
 * names are not verified here (the demo broker has no device accounts): Mosquitto with
 * infra/mosquitto/acl.example and a password file is what binds a name to a tracker in production.
 */
export function embeddedBrokerAccess(password = randomBytes(24).toString('base64url')): EmbeddedBrokerAccess {
  const servers = new WeakSet<object>();
  const usernames = new WeakMap<object, string>();
  /** Whether `client` may receive the message on `topic`. */
  const mayRead = (client: object, topic: string): boolean => {
    if (servers.has(client)) return true;
    if (isInternal(topic)) return false;
    const unit = assignmentUnit(topic);
    return unit === null || usernames.get(client) === unit;
  };
  const expected = Buffer.from(password);
  return {
    serverLogin: { username: SERVER_USERNAME, password },
    handlers: {
      authenticate(client, username, given, done) {
        if (username !== SERVER_USERNAME) {
          if (username) usernames.set(client, username);
          return done(null, true);
        }
        const ok = !!given && given.length === expected.length && timingSafeEqual(given, expected);
        if (ok) {
          servers.add(client);
          return done(null, true);
        }
        // returnCode 4: bad user name or password
        done(Object.assign(new Error('bad user name or password'), { returnCode: 4 as const }), false);
      },
      authorizePublish(client, packet, callback) {
        // aedes' default rule, kept: $SYS is the broker's own
        if (packet.topic.startsWith('$SYS/')) return callback(new Error('$SYS/ topic is reserved'));
        if (isInternal(packet.topic) && !(client && servers.has(client)))
          return callback(new Error(`${INTERNAL_TOPIC_ROOT} is reserved for server instances`));
        if (assignmentUnit(packet.topic) !== null && !(client && servers.has(client)))
          return callback(new Error('unit assignments are published by server instances only'));
        callback(null);
      },
      authorizeSubscribe(client, sub, callback) {
        // an explicit subscription is refused (granted QoS 128); wildcards are filtered per message below
        if (!sub.topic.includes('+') && !sub.topic.includes('#') && !mayRead(client, sub.topic))
          return callback(null, null);
        if (isInternal(sub.topic) && !servers.has(client)) return callback(null, null);
        callback(null, sub);
      },
      authorizeForward(client, packet) {
        return mayRead(client, packet.topic) ? packet : null;
      },
    },
  };
}
