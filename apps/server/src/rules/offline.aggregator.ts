import type { DeviceTransition } from '../committed/committed.hooks';

export interface OfflineAggregatorOptions {
  /** How long transitions of a group wait for the rest of their group before they are decided. */
  delayMs: number;
  /** Devices of one group going offline within `windowMs` that make it a mass outage. */
  massMin: number;
  windowMs: number;
}

/** Devices of one feed and ward (null: devices without a ward, e.g. self-registered ones). */
export interface OfflineGroup {
  feed: string;
  ward: string | null;
}

/** What a group's flush decided: one mass outage listing every device, or each device on its own. */
export type OfflineDecision =
  | { mode: 'mass'; group: OfflineGroup; at: number; transitions: DeviceTransition[] }
  | { mode: 'single'; group: OfflineGroup; at: number; transitions: DeviceTransition[] };

interface Pending {
  group: OfflineGroup;
  byDevice: Map<string, DeviceTransition>;
  timer: NodeJS.Timeout | null;
}

interface History {
  /** Devices that went offline per flush, within the window. */
  recent: { at: number; n: number }[];
  /** Until then every offline device of the group joins the mass outage. */
  massUntil: number;
}

/**
 * Groups offline transitions by feed and ward. A group's transitions wait `delayMs` for the rest of
 * their group (a bridge or a ward losing power reports its devices over seconds), then one decision is
 * taken for all of them: if `massMin` or more devices of the group went offline within the window, or
 * the group is already in a mass outage (one decided within the window), they are one mass outage;
 * otherwise each is on its own. A device going offline twice while its group waits is listed once.
 * Memory is one entry per waiting device and per group; time comes from `now` (tests).
 */
export class OfflineAggregator {
  private readonly pending = new Map<string, Pending>();
  private readonly history = new Map<string, History>();

  constructor(
    private readonly opts: OfflineAggregatorOptions,
    private readonly decide: (d: OfflineDecision) => void,
    private readonly onMerged: (n: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Transitions waiting for their group's decision. */
  get waiting(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.byDevice.size;
    return n;
  }

  add(t: DeviceTransition, ward: string | null): void {
    const key = `${t.source}\u0000${ward ?? ''}`;
    let p = this.pending.get(key);
    if (!p) {
      p = { group: { feed: t.source, ward }, byDevice: new Map(), timer: null };
      this.pending.set(key, p);
      p.timer = setTimeout(() => this.flush(key), this.opts.delayMs);
      p.timer.unref();
    }
    if (p.byDevice.has(t.deviceId)) this.onMerged(1);
    else p.byDevice.set(t.deviceId, t);
  }

  /** Decides every waiting group now (tests, shutdown). */
  flushAll(): void {
    for (const key of [...this.pending.keys()]) this.flush(key);
  }

  /** Stops the timers; what waits is decided now. */
  close(): void {
    this.flushAll();
  }

  private flush(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    if (p.timer) clearTimeout(p.timer);
    const at = this.now();
    const h = this.history.get(key) ?? { recent: [], massUntil: -Infinity };
    h.recent = h.recent.filter((r) => r.at > at - this.opts.windowMs);
    h.recent.push({ at, n: p.byDevice.size });
    if (h.recent.length > 1000) h.recent.splice(0, h.recent.length - 1000); // only ever undercounts
    const inWindow = h.recent.reduce((n, r) => n + r.n, 0);
    const mass = at < h.massUntil || inWindow >= this.opts.massMin;
    if (mass) h.massUntil = at + this.opts.windowMs;
    this.history.set(key, h);
    // Stable order: the device list of an outage does not depend on message timing.
    const transitions = [...p.byDevice.values()].sort((a, b) =>
      a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
    );
    this.decide({ mode: mass ? 'mass' : 'single', group: p.group, at, transitions });
  }
}
