import type { AdapterName } from './adapter.types';

/** What to do with a message the broker delivers from its retained store (on subscribe). */
export type RetainedPolicy = 'accept' | 'skip';

export interface TopicRoute {
  /** MQTT topic filter; `+` matches one level, a trailing `#` any number (including none). */
  filter: string;
  adapter: AdapterName;
  /**
   * Retained messages replay old state on every (re)connect; they are not new events. `accept` only where the
   * retained value *is* the current state (availability).
   */
  retained: RetainedPolicy;
}

/** Default subscriptions; order matters: the first matching route wins. */
export const DEFAULT_ROUTES: readonly TopicRoute[] = Object.freeze([
  { filter: 'frigate/events', adapter: 'frigate', retained: 'skip' },
  { filter: 'frigate/reviews', adapter: 'frigate', retained: 'skip' },
  { filter: 'frigate/available', adapter: 'frigate', retained: 'accept' },
  { filter: 'zigbee2mqtt/#', adapter: 'zigbee2mqtt', retained: 'skip' },
  { filter: 'v3/+/devices/+/up', adapter: 'ttn', retained: 'skip' },
  { filter: 'ioc/senml/#', adapter: 'senml', retained: 'skip' },
  { filter: 'ngsi-ld/+/#', adapter: 'fiware', retained: 'skip' },
  { filter: 'owntracks/+/+', adapter: 'owntracks', retained: 'skip' },
  { filter: 'ioc/reports', adapter: 'citizen-report', retained: 'skip' },
] satisfies TopicRoute[]);

/** Whether `filter` is a valid MQTT subscription filter (MQTT 3.1.1 §4.7 / 5.0 §4.7). */
export function isValidFilter(filter: string): boolean {
  if (filter.length === 0 || filter.length > 65535 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level === '#') return i === levels.length - 1;
    if (level === '+') return true;
    return !level.includes('#') && !level.includes('+');
  });
}

/** MQTT matching: `+` one level, trailing `#` the rest (and the parent), `$…` topics only by explicit filters. */
export function matchTopic(filter: string, topic: string): boolean {
  if (!isPlainTopic(topic)) return false;
  return matchLevels(filter.split('/'), topic.split('/'), topic);
}

function isPlainTopic(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#');
}

function matchLevels(f: readonly string[], t: readonly string[], topic: string): boolean {
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Each route list's filters split into levels once (route lists are frozen at start-up), not per message. */
const compiled = new WeakMap<readonly TopicRoute[], { route: TopicRoute; levels: string[] }[]>();

/** First route whose filter matches, or null (the caller dead-letters with reason "no route"). */
export function routeTopic(topic: string, routes: readonly TopicRoute[]): TopicRoute | null {
  if (!isPlainTopic(topic)) return null;
  let table = compiled.get(routes);
  if (!table) {
    table = routes.map((route) => ({ route, levels: route.filter.split('/') }));
    compiled.set(routes, table);
  }
  const t = topic.split('/');
  for (const { route, levels } of table) if (matchLevels(levels, t, topic)) return route;
  return null;
}

/**
 * Overrides (from config) first, then the defaults whose filter they do not replace. Throws on an invalid
 * filter: this runs once at start-up and a typo must stop the server, not silently drop a feed.
 */
export function mergeRoutes(
  overrides: readonly TopicRoute[],
  defaults: readonly TopicRoute[] = DEFAULT_ROUTES,
): TopicRoute[] {
  for (const route of overrides) {
    if (!isValidFilter(route.filter)) throw new Error(`invalid MQTT topic filter "${route.filter}"`);
  }
  const replaced = new Set(overrides.map((r) => r.filter));
  return [...overrides, ...defaults.filter((r) => !replaced.has(r.filter))];
}

/** Distinct filters to subscribe to, in route order. */
export function subscriptionFilters(routes: readonly TopicRoute[]): string[] {
  return [...new Set(routes.map((r) => r.filter))];
}

/** `$share/<group>/<filter>`: instances in one group split the messages between them (MQTT 5 / Mosquitto 2). */
export function sharedFilter(group: string, filter: string): string {
  return `$share/${group}/${filter}`;
}
