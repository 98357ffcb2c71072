import { useTranslation } from 'react-i18next';
import { auth, type Session } from '../api/auth.session';

/** Who is logged in (name and role) and the logout button. */
export function UserMenu({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { user } = session;
  return (
    <div className="user-menu">
      <span className="user-name" data-testid="current-user" title={t(`roles.${user.role}`)}>
        {user.username}
        <span className="user-role">{t(`roles.${user.role}`)}</span>
      </span>
      <button type="button" onClick={() => void auth.logout()} data-testid="logout">
        {t('login.logout')}
      </button>
    </div>
  );
}
