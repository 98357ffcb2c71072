import { useTranslation } from 'react-i18next';
import type { MapTheme } from './map.theme';

/** Day/night switch of the map (basemap flavour and the operator layers' palette), top right under the zoom. */
export function MapThemeSwitch({ theme, onChange }: { theme: MapTheme; onChange(t: MapTheme): void }) {
  const { t } = useTranslation();
  const next: MapTheme = theme === 'night' ? 'day' : 'night';
  return (
    <button
      type="button"
      className="map-theme-switch"
      data-testid="map-theme"
      data-theme={theme}
      aria-label={`${t('basemap.theme.label')}: ${t(`basemap.theme.${theme}`)}`}
      title={t(next === 'day' ? 'basemap.theme.toDay' : 'basemap.theme.toNight')}
      onClick={() => onChange(next)}
    >
      <span aria-hidden="true">{theme === 'night' ? '☾' : '☀'}</span> {t(`basemap.theme.${theme}`)}
    </button>
  );
}
