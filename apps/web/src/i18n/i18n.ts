import { en, GAS_NAMES, zhCN, type Dictionary, type MessageKey } from './messages';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { 'zh-CN': zhCN, en };

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A translator bound to one locale; pure, so option builders and formatters can take it as input. */
export function createTranslator(locale: Locale): Translate {
  const dictionary = DICTIONARIES[locale];
  return (key, params) => {
    const template = dictionary[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

/** Compound name for a CAS number in the locale, or the name the device reported. */
export function gasName(locale: Locale, cas: string, reported?: string): string {
  return GAS_NAMES[locale][cas] ?? reported ?? cas;
}

let current: Locale = 'zh-CN';
let translator = createTranslator(current);
const listeners = new Set<(locale: Locale) => void>();

/** The UI's current translator. A later issue adds the switch; components already re-read through it. */
export const t: Translate = (key, params) => translator(key, params);

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  translator = createTranslator(locale);
  for (const listener of listeners) listener(locale);
}

export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const LOCALE_STORAGE_KEY = 'tianyan.locale';

/** `?lang=en` wins, then the operator's last choice, then zh-CN. */
export function initialLocale(search: string, stored: string | null): Locale {
  const fromUrl = new URLSearchParams(search).get('lang');
  for (const candidate of [fromUrl, stored]) if (candidate && (LOCALES as readonly string[]).includes(candidate)) return candidate as Locale;
  return 'zh-CN';
}

/** Restores the locale at start and remembers every switch (the browser's storage may be unavailable). */
export function persistLocale(storage: Pick<Storage, 'getItem' | 'setItem'> | null, search: string): void {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  setLocale(initialLocale(search, stored));
  onLocaleChange((locale) => {
    try {
      storage?.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // private mode: the choice lasts for this page only
    }
  });
}

/** A unit symbol in the current locale ("m/s" → "米/秒"); unknown units pass through. */
export function unitText(unit: string): string {
  const key = `unit.${unit}` as MessageKey;
  const text = t(key);
  return text === key ? unit : text;
}
