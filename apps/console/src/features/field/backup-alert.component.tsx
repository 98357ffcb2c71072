import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import { openBackupRequests } from '@ioc/domain/field-assignment.rules';
import { useTranslation } from 'react-i18next';

/** Operators: a unit on this incident asked for backup from its phone (open until more units are sent). */
export function BackupAlert({ detail }: { detail: IncidentDetail }) {
  const { t } = useTranslation();
  const open = openBackupRequests(
    detail.timeline,
    detail.units.map((u) => u.id),
  );
  if (open.length === 0) return null;
  const names = open.map((id) => detail.units.find((u) => u.id === id)?.name ?? id).join(', ');
  return (
    <p className="backup-alert" role="alert" data-testid="backup-alert">
      {t('fieldOps.backup', { units: names })}
    </p>
  );
}
