import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber } from '../../i18n/locale.format';
import { statusDuration } from './unit-status.time';

/** "12 phút" / "1 giờ 5 phút" since the unit's status began; re-rendered by the caller's clock. */
export function StatusSince({ since, now }: { since: string | undefined; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const d = statusDuration(since, now);
  if (!d) return <>—</>;
  if (d.h === 0 && d.m === 0) return <>{t('desk.justNow')}</>;
  if (d.h === 0) return <>{t('desk.minutes', { n: formatNumber(d.m, lang, 0) })}</>;
  return <>{t('desk.hoursMinutes', { h: formatNumber(d.h, lang, 0), m: formatNumber(d.m, lang, 0) })}</>;
}
