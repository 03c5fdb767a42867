/**
 * What every page is given besides its view: the translator, how to write a link (keeping the
 * language when it was chosen by `?lang=`), the built assets, the current URL (for the language
 * switch) and the registry's provenance for the footer.
 */
import type { Locale, Translator } from './i18n.ts';

export interface Assets {
  /** URL of the style sheet. */
  readonly css: string;
  /** URL of each client script (island) by name: `details`, `sortable`. */
  readonly scripts: Readonly<Record<string, string>>;
}

export interface PageContext {
  readonly t: Translator;
  readonly locale: Locale;
  /** The language was chosen in the URL: links carry it on. */
  readonly langInUrl: boolean;
  readonly path: string;
  /** The current query, for the language switch and the pair switch. */
  readonly query: Readonly<Record<string, string>>;
  readonly assets: Assets;
  readonly registry: { readonly label: string | null; readonly loadedAt: string | null };
  /** Today (the default date of every view). */
  readonly today: string;
}

/** A link to `path` with `params` (undefined values left out), carrying the language when the URL chose it. */
export function hrefOf(ctx: Pick<PageContext, 'langInUrl' | 'locale'>, path: string, params: Record<string, string | undefined> = {}): string {
  const [base, hash] = path.split('#') as [string, string | undefined];
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  if (ctx.langInUrl && !q.has('lang')) q.set('lang', ctx.locale);
  const s = q.toString();
  return `${base}${s ? `?${s}` : ''}${hash !== undefined ? `#${hash}` : ''}`;
}

/** The current page in another language. */
export function inLanguage(ctx: PageContext, locale: Locale): string {
  const q = new URLSearchParams(ctx.query);
  q.set('lang', locale);
  return `${ctx.path}?${q.toString()}`;
}
