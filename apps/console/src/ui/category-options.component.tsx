import { IncidentCategorySchema } from '@ioc/contracts/incident.schema';
import { useTranslation } from 'react-i18next';

/** The incident categories as `<option>`s, in the contract's order, named in the current language. */
export function CategoryOptions() {
  const { t } = useTranslation();
  return (
    <>
      {IncidentCategorySchema.options.map((c) => (
        <option key={c} value={c}>
          {t(`category.${c}`)}
        </option>
      ))}
    </>
  );
}
