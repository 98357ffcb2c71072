import { useTranslation } from 'react-i18next';
import type { LiveFeedState } from '../api/live-feed.status';

/**
 * How the live feed resumed after the last reconnect: "n events replayed", "reloaded" (too far behind
 * for a replay) or "resyncing" (the server cut a slow connection off and it is catching up). Nothing
 * before the first resume. `data-state` / `data-count` are what browser tests read.
 */
export function LiveFeedIndicator({ feed }: { feed: LiveFeedState }) {
  const { t } = useTranslation();
  const state = feed.resyncing
    ? 'resyncing'
    : feed.reloaded
      ? 'reloaded'
      : feed.replayed !== null
        ? 'replayed'
        : null;
  if (!state) return null;
  return (
    <div
      className={`live-feed live-feed-${state}`}
      data-testid="live-replayed"
      data-state={state}
      data-count={feed.replayed ?? 0}
      role="status"
      title={t('live.hint')}
    >
      {state === 'replayed' ? t('live.replayed', { count: feed.replayed ?? 0 }) : t(`live.${state}`)}
    </div>
  );
}
