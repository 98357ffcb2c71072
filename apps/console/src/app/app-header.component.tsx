import { useTranslation } from 'react-i18next';
import type { Session } from '../api/auth.session';
import type { ConnectionStatus } from '../api/connection.status';
import { ConnectionIndicator } from './connection-indicator.component';
import { LanguageSwitch } from './language-switch.component';
import { UserMenu } from './user-menu.component';

export function AppHeader({
  cityName,
  status,
  session,
}: {
  cityName: string | null;
  status: ConnectionStatus;
  session: Session;
}) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1>{cityName ? t('app.title', { city: cityName }) : t('app.titleShort')}</h1>
      <div className="header-tools">
        <ConnectionIndicator status={status} />
        <LanguageSwitch />
        <UserMenu session={session} />
      </div>
    </header>
  );
}
