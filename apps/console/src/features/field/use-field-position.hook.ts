import type { FieldAssignment } from '@ioc/contracts/field.dto';
import { useEffect, useRef, useState } from 'react';
import { sendFieldPosition } from '../../api/field.api';
import { shouldSend, type Fix } from './position-send.policy';

export type GpsState = 'off' | 'waiting' | 'denied' | 'unavailable' | 'sent';

export interface FieldPosition {
  state: GpsState;
  /** The last fix the server took. */
  sent: { at: number; accuracy: number | null } | null;
  /** The phone's latest fix (shown on the small map). */
  me: { lat: number; lon: number } | null;
}

/**
 * While on duty, follows navigator.geolocation.watchPosition and sends fixes at the server's cadence
 * (sooner when moving fast). Off duty, the watch is cleared: no position leaves the phone.
 */
export function useFieldPosition(
  onDuty: boolean,
  tracking: FieldAssignment['tracking'] | null,
): FieldPosition {
  const [pos, setPos] = useState<FieldPosition>({ state: 'off', sent: null, me: null });
  const lastSent = useRef<Fix | null>(null);
  const sending = useRef(false);
  const intervalS = tracking?.intervalS;
  const fastIntervalS = tracking?.fastIntervalS;
  const fastKmh = tracking?.fastKmh;

  useEffect(() => {
    if (!onDuty || intervalS === undefined || fastIntervalS === undefined || fastKmh === undefined) {
      setPos((p) => ({ ...p, state: 'off' }));
      return;
    }
    if (!('geolocation' in navigator)) {
      setPos((p) => ({ ...p, state: 'unavailable' }));
      return;
    }
    setPos((p) => ({ ...p, state: p.sent ? 'sent' : 'waiting' }));
    const policy = { intervalMs: intervalS * 1000, fastIntervalMs: fastIntervalS * 1000, fastKmh };
    const id = navigator.geolocation.watchPosition(
      (g) => {
        const { latitude: lat, longitude: lon, accuracy, speed, heading } = g.coords;
        setPos((p) => ({ ...p, me: { lat, lon } }));
        // a phone clock a little ahead must not make the fix "from the future"
        const at = Math.min(g.timestamp || Date.now(), Date.now());
        const fix: Fix = {
          at,
          lat,
          lon,
          speedKmh: speed === null || Number.isNaN(speed) ? null : speed * 3.6,
        };
        if (sending.current || !shouldSend(lastSent.current, fix, policy)) return;
        sending.current = true;
        sendFieldPosition({
          lat,
          lon,
          time: new Date(at).toISOString(),
          accuracy: Number.isFinite(accuracy) ? Math.min(accuracy, 100_000) : null,
          speed: fix.speedKmh === null ? null : Math.min(fix.speedKmh, 1000),
          heading: heading === null || Number.isNaN(heading) ? null : heading,
        })
          .then(() => {
            lastSent.current = fix;
            setPos((p) => ({
              ...p,
              state: 'sent',
              sent: { at, accuracy: Number.isFinite(accuracy) ? accuracy : null },
            }));
          })
          // a lost fix is not worth a retry: the next one follows
          .catch(() => undefined)
          .finally(() => (sending.current = false));
      },
      (err) => setPos((p) => ({ ...p, state: err.code === err.PERMISSION_DENIED ? 'denied' : 'waiting' })),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [onDuty, intervalS, fastIntervalS, fastKmh]);

  return pos;
}
