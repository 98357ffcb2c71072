import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../api/connection.status';
import type { LiveFeedState } from '../api/live-feed.status';
import { currentLanguage } from '../i18n/i18n.setup';
import { formatTime } from '../i18n/locale.format';
import './live-stale.css';

/** A console that has not connected within this long says so (the first connect is usually < 1 s). */
const FIRST_CONNECT_GRACE_MS = 5000;
/** How long "reconnected — n events replayed" stays after a resume. */
const RESUMED_SHOWN_MS = 8000;

type Mode = 'none' | 'never' | 'stale' | 'resumed';

interface Props {
  status: ConnectionStatus;
  feed: LiveFeedState;
  /** When live data last arrived (epoch ms), as of the drop; null if none had. */
  lastDataAt: number | null;
  timeZone: string;
}

/**
 * Over the whole console while the live feed is down: what is on screen is no longer live, and since
 * when, with the map and panels greyed meanwhile (live-stale.css). On resume it says so with
 * the number of events replayed, then goes. `data-state` is what browser tests read.
 */
export function LiveStaleBanner({ status, feed, lastDataAt, timeZone }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [mode, setMode] = useState<Mode>('none');
  const everConnected = useRef(false);
  const feedAtDrop = useRef<LiveFeedState | null>(null);

  useEffect(() => {
    if (status === 'connected') {
      const wasDown = mode === 'stale' || mode === 'never';
      everConnected.current = true;
      if (wasDown) setMode('resumed');
      return;
    }
    if (everConnected.current) {
      if (mode !== 'stale') {
        feedAtDrop.current = feed;
        setMode('stale');
      }
      return;
    }
    const timer = setTimeout(() => setMode('never'), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
    // `feed` is read at the moment of the drop only, so it is not a dependency
  }, [status, mode]);

  useEffect(() => {
    if (mode !== 'resumed') return;
    const timer = setTimeout(() => setMode('none'), RESUMED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [mode]);

  if (mode === 'none') return null;
  if (mode === 'resumed') {
    // the resubscribe's answer changes `feed`; until then only "reconnected"
    const replayed = feed !== feedAtDrop.current && feed.replayed !== null ? feed.replayed : null;
    return (
      <div
        className="live-stale-banner live-stale-resumed"
        role="status"
        data-testid="live-stale-banner"
        data-state="resumed"
        data-replayed={replayed ?? ''}
      >
        {replayed !== null ? t('stale.resumedReplayed', { count: replayed }) : t('stale.resumed')}
      </div>
    );
  }
  const text =
    mode === 'never'
      ? t('stale.never')
      : lastDataAt !== null
        ? t('stale.lost', { time: formatTime(new Date(lastDataAt).toISOString(), lang, timeZone) })
        : t('stale.lostNoData');
  return (
    <div className="live-stale-banner" role="alert" data-testid="live-stale-banner" data-state={mode}>
      <strong>{text}</strong>
      <span className="live-stale-retry">{t('stale.retrying')}</span>
    </div>
  );
}
