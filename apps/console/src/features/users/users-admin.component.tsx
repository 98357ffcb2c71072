import { RoleSchema, type Role } from '@ioc/contracts/auth.schema';
import type { Unit } from '@ioc/contracts/unit.schema';
import type { User } from '@ioc/contracts/user.schema';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { rotateTrackerSecret } from '../../api/field.api';
import { CommandError } from '../../api/http.client';
import { loadUnits } from '../../api/incidents.api';
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
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    role: 'operator' as Role,
    password: '',
    unitId: '',
  });
  // responders are bound to a unit; its OwnTracks secret is shown once, here
  const [units, setUnits] = useState<Unit[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  useEffect(() => {
    loadUnits()
      .then(setUnits)
      .catch(() => undefined);
  }, []);

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
    const { unitId, ...rest } = form;
    createUser({ ...rest, ...(form.role === 'responder' ? { unitId: unitId || null } : {}) })
      .then(() => {
        setForm({ username: '', displayName: '', role: 'operator', password: '', unitId: '' });
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
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      // a responder needs a unit at once: the first one, changed below
                      void patch(
                        u.id,
                        role === 'responder' ? { role, unitId: units[0]?.id ?? null } : { role },
                      );
                    }}
                  >
                    {RoleSchema.options.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                  {u.role === 'responder' && (
                    <div className="user-unit">
                      <select
                        value={u.unitId ?? ''}
                        aria-label={t('fieldAdmin.unit')}
                        data-testid={`user-unit-${u.username}`}
                        onChange={(e) => void patch(u.id, { unitId: e.target.value })}
                      >
                        {units.map((x) => (
                          <option key={x.id} value={x.id}>
                            {x.name}
                          </option>
                        ))}
                      </select>
                      {u.unitId && (
                        <button
                          type="button"
                          className="link small"
                          onClick={() =>
                            void rotateTrackerSecret(u.unitId!)
                              .then((r) =>
                                setSecret(
                                  t('fieldAdmin.secretOnce', {
                                    unit: r.unitId,
                                    user: r.username,
                                    secret: r.secret,
                                  }),
                                ),
                              )
                              .catch(fail)
                          }
                        >
                          {t('fieldAdmin.rotate')}
                        </button>
                      )}
                    </div>
                  )}
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
          {form.role === 'responder' && (
            <select
              required
              aria-label={t('fieldAdmin.unit')}
              value={form.unitId}
              data-testid="user-create-unit"
              onChange={(e) => setForm({ ...form, unitId: e.target.value })}
            >
              <option value="">{t('fieldAdmin.pickUnit')}</option>
              {units.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
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
          {secret && (
            <p className="small secret-once" role="status" data-testid="tracker-secret">
              {secret}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}
