import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../api/connection.status';

/** Live-feed state; `data-state` is what browser tests read. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <div
      className={`connection connection-${status}`}
      data-testid="connection-status"
      data-state={status}
      role="status"
      aria-label={t('connection.label')}
    >
      <span className="connection-dot" aria-hidden="true" />
      {t(`connection.${status}`)}
    </div>
  );
}
