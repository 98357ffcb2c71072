import { CITIZEN_DESCRIPTION_MAX, type CitizenConfig, type CitizenReceipt } from '@ioc/contracts/citizen.dto';
import { type IncidentCategory } from '@ioc/contracts/incident.schema';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoryOptions } from '../../ui/category-options.component';
import { loadCitizenConfig, PublicError, submitCitizenReport } from '../../api/citizen.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { LanguageSwitch } from '../../i18n/language-switch.component';
import { formatNumber } from '../../i18n/locale.format';
import { MiniMap } from './mini-map.component';
import './citizen.css';

const inside = (c: CitizenConfig, lat: number, lon: number) =>
  lon >= c.bbox[0] && lon <= c.bbox[2] && lat >= c.bbox[1] && lat <= c.bbox[3];

/**
 * The public report form (no login): what, where (tap the map or the phone's position), up to 3 photos,
 * an optional phone number; answered with a tracking code. `website` is a honeypot people never see.
 */
export function CitizenReportPage() {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [config, setConfig] = useState<CitizenConfig | null>(null);
  const [category, setCategory] = useState<IncidentCategory>('traffic');
  const [description, setDescription] = useState('');
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [phone, setPhone] = useState('');
  const [website, setWebsite] = useState('');
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<CitizenReceipt | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    loadCitizenConfig(ac.signal)
      .then(setConfig)
      .catch(() => !ac.signal.aborted && setError(t('citizen.error.offline')));
    return () => ac.abort();
  }, [t]);

  const previews = useMemo(() => photos.map((f) => URL.createObjectURL(f)), [photos]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  const mb = config ? config.maxPhotoBytes / 1024 / 1024 : 5;
  const pick = (lat: number, lon: number) => {
    if (config && !inside(config, lat, lon)) {
      setError(t('citizen.outsideCity'));
      return;
    }
    setError(null);
    setPoint({ lat, lon });
  };
  const locate = () => {
    if (!('geolocation' in navigator)) return setError(t('citizen.locationDenied'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (g) => {
        setLocating(false);
        pick(g.coords.latitude, g.coords.longitude);
      },
      () => {
        setLocating(false);
        setError(t('citizen.locationDenied'));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };
  const addPhotos = (files: FileList | null) => {
    if (!files || !config) return;
    const next = [...photos, ...Array.from(files)].slice(0, config.maxPhotos);
    if (next.some((f) => f.size > config.maxPhotoBytes)) return setError(t('citizen.error.tooLarge', { mb }));
    setError(null);
    setPhotos(next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!point) return setError(t('citizen.locationMissing'));
    const f = new FormData();
    f.set('category', category);
    f.set('description', description);
    f.set('lat', String(point.lat));
    f.set('lon', String(point.lon));
    if (phone.trim()) f.set('phone', phone.trim());
    if (website) f.set('website', website);
    for (const p of photos) f.append('photos', p, p.name);
    setBusy(true);
    setError(null);
    submitCitizenReport(f)
      .then(setReceipt)
      .catch((err: unknown) => {
        if (!(err instanceof PublicError)) return setError(t('citizen.error.offline'));
        if (err.status === 429)
          return setError(t('citizen.error.tooMany', { minutes: Math.ceil((err.retryAfterS ?? 60) / 60) }));
        if (err.status === 413) return setError(t('citizen.error.tooLarge', { mb }));
        if (err.status === 400 && err.field?.startsWith('photos'))
          return setError(t('citizen.error.notImage'));
        if (err.status === 400 && err.field)
          return setError(
            t('citizen.error.field', {
              field: t(`citizen.${err.field === 'lat' || err.field === 'lon' ? 'location' : err.field}`, {
                defaultValue: err.field,
              }),
            }),
          );
        setError(t('citizen.error.generic', { status: err.status }));
      })
      .finally(() => setBusy(false));
  };

  if (receipt)
    return (
      <main className="citizen" data-testid="citizen-receipt">
        <header className="citizen-head">
          <h1>{t('citizen.sentTitle')}</h1>
          <LanguageSwitch />
        </header>
        <p>{t('citizen.codeIs')}</p>
        <p className="citizen-code" data-testid="citizen-code">
          {receipt.code}
        </p>
        <p className="muted">{t('citizen.keepCode')}</p>
        <a className="citizen-btn" href={`#/citizen/${receipt.code}`} data-testid="citizen-status-link">
          {t('citizen.viewStatus')}
        </a>
        <button
          type="button"
          className="link"
          onClick={() => {
            setReceipt(null);
            setDescription('');
            setPhotos([]);
          }}
        >
          {t('citizen.another')}
        </button>
      </main>
    );

  return (
    <main className="citizen" data-testid="citizen-form-page">
      <header className="citizen-head">
        <div>
          <h1>{t('citizen.title')}</h1>
          {config && <p className="muted small">{config.cityName}</p>}
        </div>
        <LanguageSwitch />
      </header>
      <p>{t('citizen.intro')}</p>
      <form onSubmit={submit} className="citizen-form" data-testid="citizen-form" noValidate>
        <label>
          {t('citizen.category')}
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as IncidentCategory)}
            data-testid="citizen-category"
          >
            <CategoryOptions />
          </select>
        </label>
        <label>
          {t('citizen.description')}
          <textarea
            required
            minLength={5}
            maxLength={CITIZEN_DESCRIPTION_MAX}
            rows={4}
            placeholder={t('citizen.descriptionHint')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="citizen-description"
          />
        </label>
        <fieldset>
          <legend>{t('citizen.location')}</legend>
          <p className="muted small">{t('citizen.locationHint')}</p>
          {config && (
            <MiniMap
              center={config.center}
              zoom={Math.max(config.zoom, 12)}
              markers={
                point
                  ? [
                      {
                        id: 'pick',
                        lat: point.lat,
                        lon: point.lon,
                        color: '#ef4444',
                        label: t('citizen.location'),
                      },
                    ]
                  : []
              }
              onPick={pick}
              label={t('citizen.location')}
              testId="citizen-map"
            />
          )}
          <button
            type="button"
            className="citizen-btn secondary"
            onClick={locate}
            disabled={locating}
            data-testid="citizen-locate"
          >
            {locating ? t('citizen.locating') : t('citizen.useMyLocation')}
          </button>
          <p className="small" data-testid="citizen-point">
            {point
              ? t('citizen.locationPicked', {
                  lat: formatNumber(point.lat, lang, 5),
                  lon: formatNumber(point.lon, lang, 5),
                })
              : t('citizen.locationMissing')}
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('citizen.photos', { max: config?.maxPhotos ?? 3, mb })}</legend>
          <div className="citizen-photos">
            {previews.map((u, i) => (
              <button
                type="button"
                key={u}
                className="citizen-thumb"
                aria-label={t('citizen.removePhoto', { n: i + 1 })}
                onClick={() => setPhotos(photos.filter((_, j) => j !== i))}
              >
                <img src={u} alt="" />
              </button>
            ))}
          </div>
          {photos.length < (config?.maxPhotos ?? 3) && (
            <label className="citizen-btn secondary">
              {t('citizen.addPhoto')}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                multiple
                hidden
                data-testid="citizen-photos"
                onChange={(e) => {
                  addPhotos(e.target.files);
                  e.target.value = '';
                }}
              />
            </label>
          )}
        </fieldset>
        <label>
          {t('citizen.phone')}
          <input
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            data-testid="citizen-phone"
          />
          <span className="muted small">{t('citizen.phoneHint')}</span>
        </label>
        {/* honeypot: off-screen for people, filled by robots that fill everything */}
        <div className="citizen-hp" aria-hidden="true">
          <label>
            {t('citizen.website')}
            <input
              tabIndex={-1}
              autoComplete="off"
              value={website}
              onChange={(e) => setWebsite(e.target.value)}
              name="website"
            />
          </label>
        </div>
        {error && (
          <p className="citizen-error" role="alert" data-testid="citizen-error">
            {error}
          </p>
        )}
        <button type="submit" className="citizen-btn" disabled={busy || !config} data-testid="citizen-submit">
          {busy ? t('citizen.sending') : t('citizen.submit')}
        </button>
      </form>
    </main>
  );
}
