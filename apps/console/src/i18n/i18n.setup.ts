import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { citizenStrings } from './citizen.locale';
import { dispatchStrings } from './dispatch.locale';
import { fieldStrings } from './field.locale';
import { historyStrings } from './history.locale';
import { readingStrings } from './readings.locale';
import { mapStrings } from './map.locale';
import { en } from './en.locale';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './locale.format';
import { vi } from './vi.locale';

const STORAGE_KEY = 'ioc.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** Synchronous init (resources bundled): the first render already has its strings. */
export function setupI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: {
      vi: {
        translation: {
          ...vi,
          ...historyStrings.vi,
          ...readingStrings.vi,
          ...mapStrings.vi,
          ...dispatchStrings.vi,
          ...fieldStrings.vi,
          ...citizenStrings.vi,
        },
      },
      en: {
        translation: {
          ...en,
          ...historyStrings.en,
          ...readingStrings.en,
          ...mapStrings.en,
          ...dispatchStrings.en,
          ...fieldStrings.en,
          ...citizenStrings.en,
        },
      },
    },
    lng: storedLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: ['vi', 'en'],
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      /* private mode: the choice just isn't remembered */
    }
  });
  return i18next;
}

/** The current UI language as our narrow type. */
export function currentLanguage(lng: string): Language {
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}
