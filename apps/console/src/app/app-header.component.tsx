import { useTranslation } from 'react-i18next';
import type { Session } from '../api/auth.session';
import type { ConnectionStatus } from '../api/connection.status';
import type { LiveFeedState } from '../api/live-feed.status';
import { ConnectionIndicator } from './connection-indicator.component';
import { LiveFeedIndicator } from './live-feed-indicator.component';
import { LanguageSwitch } from '../i18n/language-switch.component';
import { UserMenu } from './user-menu.component';

export function AppHeader({
  cityName,
  status,
  feed,
  session,
}: {
  cityName: string | null;
  status: ConnectionStatus;
  feed: LiveFeedState;
  session: Session;
}) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1>{cityName ? t('app.title', { city: cityName }) : t('app.titleShort')}</h1>
      <div className="header-tools">
        <ConnectionIndicator status={status} />
        <LiveFeedIndicator feed={feed} />
        <LanguageSwitch />
        <UserMenu session={session} />
      </div>
    </header>
  );
}
