/**
 * The pages' words, in English, Spanish and French, from one message catalogue per language
 * (i18n/en.json, es.json, fr.json) in ICU MessageFormat (intl-messageformat: plurals, selects,
 * numbers); dates and numbers through Intl. The English catalogue defines the keys: the others must
 * have every one of them with the same placeholders (test/web/i18n.test.ts).
 *
 * The language (chosen by the server: `?lang=en|es|fr`, else the best of Accept-Language, else
 * English) is given to every page. Registry text
 * comes in the chosen language where the registry has it, else in English, marked as such.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import en from './i18n/en.json' with { type: 'json' };
import es from './i18n/es.json' with { type: 'json' };
import fr from './i18n/fr.json' with { type: 'json' };
import { parsePartialDate, precisionOf } from '../domain/dates.ts';
import type { Localized } from '../domain/registry/schema.ts';

export const LOCALES = ['en', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, string>;

export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { en, es, fr };

export function isLocale(s: string | undefined): s is Locale {
  return s !== undefined && (LOCALES as readonly string[]).includes(s);
}

export type Values = Record<string, string | number | Date | boolean>;

/** Registry text in the chosen language: `fallback` when it is the English of a record without one. */
export interface LocalText {
  readonly text: string;
  readonly lang: Locale;
  readonly fallback: boolean;
}

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, values?: Values): string;
  /** A registry date (YYYY, YYYY-MM or YYYY-MM-DD) as the language writes it, at its own precision. */
  date(d: string): string;
  number(n: number, digits?: number): string;
  percent(share: number): string;
  /** Items joined as the language joins a list ("A, B and C", "A, B y C"). */
  list(items: readonly string[]): string;
  localized(text: Localized): LocalText;
}

const cache = new Map<string, IntlMessageFormat>();

export function translator(locale: Locale): Translator {
  const messages = CATALOGUES[locale] as Catalogue;
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const months = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  let lists: Intl.ListFormat | undefined;
  return {
    locale,
    t(key, values) {
      const message = messages[key] ?? (en as Catalogue)[key];
      if (message === undefined) throw new Error(`no message "${String(key)}"`);
      const id = `${locale}\u0000${String(key)}`;
      let f = cache.get(id);
      if (f === undefined) cache.set(id, (f = new IntlMessageFormat(message, locale)));
      return String(f.format(values));
    },
    date(d) {
      const p = parsePartialDate(d);
      const at = new Date(Date.UTC(p.year, (p.month ?? 1) - 1, p.day ?? 1));
      switch (precisionOf(d)) {
        case 'day': return days.format(at);
        case 'month': return months.format(at);
        case 'year': return String(p.year);
      }
    },
    number: (n, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n),
    percent: (share) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share),
    list: (items) => (lists ??= new Intl.ListFormat(locale, { type: 'conjunction' })).format(items),
    localized(text) {
      const own = text[locale];
      return own !== undefined ? { text: own, lang: locale, fallback: false } : { text: text.en, lang: 'en', fallback: locale !== 'en' };
    },
  };
}
