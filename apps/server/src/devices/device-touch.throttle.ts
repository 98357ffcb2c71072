import { Injectable } from '@nestjs/common';
import { searchKey } from '@ioc/domain/fold-diacritics';
import type { DeviceTouch } from './devices.repository';

/**
 * The registry's last_seen only needs seconds of precision (offline means minutes of silence), so a
 * device is touched at most once per `everyMs`: at high rates this removes most registry writes from
 * the readings batch. A device marked offline has by definition not been touched for minutes, so its
 * next message always reaches the registry and brings it back online.
 */
@Injectable()
export class DeviceTouchThrottle {
  private readonly last = new Map<string, number>();
  everyMs = 5000;

  /** Devices just marked offline: their next message must reach the registry at once. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.last.delete(id);
  }

  /** The devices of a batch due for a touch, newest time each; the search key is folded only for those. */
  select(rows: Omit<DeviceTouch, 'searchText'>[], now = Date.now()): DeviceTouch[] {
    const latest = new Map<string, Omit<DeviceTouch, 'searchText'>>();
    for (const r of rows) {
      const t = latest.get(r.id);
      if (!t || t.seenAt < r.seenAt) latest.set(r.id, r);
    }
    const out: DeviceTouch[] = [];
    for (const t of latest.values()) {
      const prev = this.last.get(t.id);
      if (prev !== undefined && now - prev < this.everyMs) continue;
      this.last.set(t.id, now);
      out.push({ id: t.id, source: t.source, seenAt: t.seenAt, searchText: searchKey(t.id) });
    }
    if (this.last.size > 200_000) this.last.clear(); // bounded memory; worst case one extra touch each
    // One lock order for every writer: concurrent batches touching the same devices cannot deadlock.
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
