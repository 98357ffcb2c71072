import { RoleSchema, type Role } from '@ioc/contracts/auth.schema';
import type { User } from '@ioc/contracts/user.schema';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../../api/http.client';
import { createUser, loadUsers, patchUser } from '../../api/users.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatTime } from '../../i18n/locale.format';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';

/** Admins only (the shell does not offer it to others; the server answers 403 anyway). */
export function UsersAdmin() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'operator' as Role, password: '' });

  const reload = () =>
    loadUsers()
      .then(setUsers)
      .catch((e: unknown) => setError(String(e)));
  useEffect(() => {
    void reload();
  }, []);

  const fail = (e: unknown) => {
    const body = e instanceof CommandError ? (e.body as { field?: string; message?: string } | null) : null;
    setError(body?.field ? `${body.field}: ${body.message ?? ''}` : String(e));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    createUser(form)
      .then(() => {
        setForm({ username: '', displayName: '', role: 'operator', password: '' });
        setError(null);
        return reload();
      })
      .catch(fail);
  };
  const patch = (id: string, p: Parameters<typeof patchUser>[1]) =>
    patchUser(id, p)
      .then((u) => setUsers((all) => all?.map((x) => (x.id === u.id ? u : x)) ?? null))
      .catch(fail);

  return (
    <section className="panel-view users" aria-label={t('views.users')} data-testid="users-admin">
      <div className="panel-head">
        <h2>{t('views.users')}</h2>
      </div>
      <div className="scroll">
        <table className="units-table">
          <thead>
            <tr>
              <th>{t('users.username')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.active')}</th>
              <th>{t('users.lastLogin')}</th>
            </tr>
          </thead>
          <tbody>
            {users?.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.username}`}>
                <td>
                  {u.username}
                  <div className="muted small">{u.displayName}</div>
                </td>
                <td>
                  <select
                    value={u.role}
                    aria-label={t('users.role')}
                    onChange={(e) => void patch(u.id, { role: e.target.value as Role })}
                  >
                    {RoleSchema.options.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={u.active}
                    aria-label={t('users.active')}
                    onChange={(e) => void patch(u.id, { active: e.target.checked })}
                  />
                </td>
                <td className="small">{u.lastLoginAt ? formatTime(u.lastLoginAt, lang, tz) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="user-form" onSubmit={submit} data-testid="user-create">
          <h3>{t('users.create')}</h3>
          <input
            required
            placeholder={t('users.username')}
            aria-label={t('users.username')}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
          />
          <input
            placeholder={t('users.displayName')}
            aria-label={t('users.displayName')}
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
          <select
            aria-label={t('users.role')}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {RoleSchema.options.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <input
            required
            type="password"
            minLength={10}
            autoComplete="new-password"
            placeholder={t('users.password')}
            aria-label={t('users.password')}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <button type="submit" className="primary">
            {t('users.create')}
          </button>
          {error && (
            <p className="error small" role="alert">
              {error}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}
