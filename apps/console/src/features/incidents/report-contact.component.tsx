import type { IncidentEvidence } from '@ioc/contracts/incident-detail.dto';
import { useTranslation } from 'react-i18next';
import './incident-desk.css';

/**
 * The reporter's contact (usually a phone number) on a citizen report, so the operator can call back.
 * The server hands evidence only to operators and above (GET /api/incidents/:id); the live feed, the
 * lists and the CAP alert never carry it.
 */
export function ReportContact({ e }: { e: IncidentEvidence }) {
  const { t } = useTranslation();
  const contact = e.data['contact'];
  if (typeof contact !== 'string' || !contact.trim()) return null;
  // A callable number becomes a tel: link; anything else (an e-mail, a name) stays text.
  const phone = /^\+?[\d\s().-]{6,20}$/.test(contact) ? contact.replace(/[^\d+]/g, '') : null;
  return (
    <div className="desk-contact small" data-testid="report-contact">
      <span className="muted">{t('desk.contact')}:</span>{' '}
      {phone ? <a href={`tel:${phone}`}>{contact}</a> : <span>{contact}</span>}
    </div>
  );
}
