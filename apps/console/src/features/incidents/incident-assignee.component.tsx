import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import type { AssignableUser } from '@ioc/contracts/user.schema';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadAssignableUsers } from '../../api/users.api';
import './incident-desk.css';

interface Props {
  detail: IncidentDetail;
  enabled: boolean;
  onAssign(username: string): void;
}

/**
 * Assignee picker: active operators, supervisors and admins (GET /api/users/assignable). Choosing one
 * runs `assign`; the current assignee stays listed even if the list no longer has them (deactivated).
 */
export function AssigneePicker({ detail, enabled, onAssign }: Props) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<AssignableUser[] | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    loadAssignableUsers(ac.signal)
      .then(setUsers)
      .catch(() => !ac.signal.aborted && setUsers([]));
    return () => ac.abort();
  }, []);

  const listed = users ?? [];
  const missing = detail.assignee && !listed.some((u) => u.username === detail.assignee);
  return (
    <label className="desk-assignee small">
      <span className="muted">{t('desk.assignee.label')}</span>
      <select
        value={detail.assignee ?? ''}
        disabled={!enabled || users === null}
        data-testid="assignee-select"
        onChange={(e) => e.target.value && onAssign(e.target.value)}
      >
        <option value="" disabled>
          {t('desk.assignee.none')}
        </option>
        {missing && <option value={detail.assignee!}>{detail.assignee}</option>}
        {listed.map((u) => (
          <option key={u.id} value={u.username}>
            {u.displayName ? `${u.displayName} (${u.username})` : u.username} · {t(`roles.${u.role}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
