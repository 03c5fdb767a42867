/** The page shell: language, title, navigation, language switch, footer; and the shared pieces of every page. */
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Localized, Source } from '../domain/registry/schema.ts';
import type { Selection } from '../app/views/selection.ts';
import { hrefOf, inLanguage, type PageContext } from './context.ts';
import { LOCALES, type MessageKey } from './i18n.ts';
import { frayingChart } from './charts.ts';
import type { FrayingPoint } from '../domain/cadence/rules.ts';

export const PAGES = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/timeline', key: 'nav.timeline' },
  { path: '/events', key: 'nav.events' },
  { path: '/agenda', key: 'nav.agenda' },
  { path: '/calendar', key: 'nav.calendar' },
  { path: '/commitments', key: 'nav.commitments' },
  { path: '/compliance', key: 'nav.compliance' },
  { path: '/recommendations', key: 'nav.recommendations' },
  { path: '/scorecard', key: 'nav.scorecard' },
  { path: '/alerts', key: 'nav.alerts' },
  { path: '/sources', key: 'nav.sources' },
] as const satisfies readonly { path: string; key: MessageKey }[];

const LANGUAGE_NAMES = { en: 'English', es: 'Español', fr: 'Français' } as const;

export const Layout: FC<PropsWithChildren<{ ctx: PageContext; title: string; scripts?: readonly string[] }>> = ({ ctx, title, scripts = [], children }) => {
  const { t } = ctx;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — Intermestic`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ctx.assets.css} />
        {scripts.map((s) => <script type="module" src={ctx.assets.scripts[s]} />)}
      </head>
      <body>
        <a class="skip" href="#main">{t.t('nav.skip')}</a>
        <header class="site">
          <p class="brand"><a href={hrefOf(ctx, '/')}>Intermestic</a> <span>{t.t('site.tagline')}</span></p>
          <nav aria-label={t.t('nav.label')}>
            <ul>
              {PAGES.map((p) => (
                <li><a href={hrefOf(ctx, p.path)} aria-current={ctx.path === p.path ? 'page' : undefined}>{t.t(p.key)}</a></li>
              ))}
            </ul>
          </nav>
          <nav aria-label={t.t('nav.languages')} class="languages">
            <ul>
              {LOCALES.map((l) => (
                <li><a href={inLanguage(ctx, l)} lang={l} hreflang={l} aria-current={l === ctx.locale ? 'true' : undefined}>{LANGUAGE_NAMES[l]}</a></li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
        <footer class="site">
          <p>
            {ctx.registry.label === null
              ? t.t('footer.noRegistry')
              : t.t('footer.registry', { label: ctx.registry.label, date: ctx.registry.loadedAt === null ? '—' : t.date(ctx.registry.loadedAt.slice(0, 10)) })}
            {' · '}<a href="/api/openapi.json">{t.t('footer.api')}</a>
            {' · '}{t.t('footer.sources')}
          </p>
        </footer>
      </body>
    </html>
  );
};

/** A registry text in the page's language, or in English marked as such. */
export const Text: FC<{ ctx: PageContext; text: Localized }> = ({ ctx, text }) => {
  const l = ctx.t.localized(text);
  if (!l.fallback) return <>{l.text}</>;
  return <><span lang="en">{l.text}</span> <abbr class="fallback" title={ctx.t.t('common.englishOnly')}>EN</abbr></>;
};

/** English-only registry prose (outcomes, notes), marked on pages in another language. */
export const English: FC<{ ctx: PageContext; text: string }> = ({ ctx, text }) => (
  ctx.locale === 'en' ? <>{text}</> : <><span lang="en">{text}</span> <abbr class="fallback" title={ctx.t.t('common.englishOnly')}>EN</abbr></>
);

const SYMBOLS: Record<string, string> = {
  'on-schedule': '●', due: '◔', overdue: '▲', lapsed: '✕', 'ad-hoc': '◇', ended: '■', 'not-yet-founded': '○',
};

/** A cadence status as words with a shape (never colour alone). */
export const Status: FC<{ ctx: PageContext; status: string }> = ({ ctx, status }) => (
  <span class={`status status-${status}`}><span aria-hidden="true">{SYMBOLS[status] ?? '·'}</span> {ctx.t.t(`status.${status}` as MessageKey)}</span>
);

/** The sources a record cites, with links to the pages. */
export const SourceList: FC<{ ctx: PageContext; ids: readonly string[]; sources: ReadonlyMap<string, Source> }> = ({ ctx, ids, sources }) => (
  <ul class="sources">
    {ids.map((id) => {
      const s = sources.get(id);
      if (s === undefined) return <li>{id}</li>;
      return (
        <li>
          {s.url ? <a href={s.url} rel="noreferrer">{s.title}</a> : <span>{s.title}</span>}
          {`, ${s.publisher}`}{s.date ? `, ${ctx.t.date(s.date)}` : ''}
          {' '}<span class={`kind kind-${s.kind}`}>{ctx.t.t(`source.kind.${s.kind}` as MessageKey)}</span>
        </li>
      );
    })}
  </ul>
);

/** The switch between the registry's pairs and group, keeping the rest of the view. */
export const SelectionSwitch: FC<{ ctx: PageContext; current: Selection; options: readonly Selection[] }> = ({ ctx, current, options }) => (
  <nav class="pairs" aria-label={ctx.t.t('pair.label')}>
    <ul>
      {options.map((s) => (
        <li><a href={hrefOf(ctx, ctx.path, { ...ctx.query, lang: undefined, pair: s.key })} aria-current={s.key === current.key ? 'true' : undefined}>{s.parties.join('–')}</a></li>
      ))}
    </ul>
  </nav>
);

/** A chart with its caption, the live region its script fills on focus, and its data as a table. */
export const Chart: FC<PropsWithChildren<{ ctx: PageContext; id: string; title: string; caption: string; svg: string; legend?: Child }>> = ({ ctx, id, title, caption, svg, legend, children }) => (
  <figure class="chart-figure" id={id} aria-labelledby={`${id}-title`}>
    <h2 id={`${id}-title`}>{title}</h2>
    {legend}
    <div class="chart-scroll">{raw(svg)}</div>
    <figcaption>{caption}</figcaption>
    <p class="chart-detail" aria-live="polite" data-chart-detail="">{ctx.t.t('chart.hint')}</p>
    <details>
      <summary>{ctx.t.t('chart.table')}</summary>
      {children}
    </details>
  </figure>
);

/** A legend of colours and shapes, as text. */
export const Legend: FC<{ items: readonly { label: string; className: string }[]; label: string }> = ({ items, label }) => (
  <ul class="legend" aria-label={label}>
    {items.map((i) => <li><span class={`swatch ${i.className}`} aria-hidden="true" />{i.label}</li>)}
  </ul>
);

/** A registry date at its precision, in a <time> element. */
export const When: FC<{ ctx: PageContext; date: string | null | undefined }> = ({ ctx, date }) => (
  date ? <time datetime={date}>{ctx.t.date(date)}</time> : <>—</>
);

/** The fraying curve as a figure: the chart, its legend, its caption and its data table (dashboard and timeline). */
export const FrayingFigure: FC<{ ctx: PageContext; points: readonly FrayingPoint[]; from: string; to: string; height?: number }> = ({ ctx, points, from, to, height }) => {
  const { t } = ctx;
  return (
    <Chart ctx={ctx} id="fraying" title={t.t('chart.fraying.heading')} caption={t.t('chart.fraying.caption', { from, to })}
      svg={frayingChart(points, t, height === undefined ? {} : { height })}
      legend={<Legend label={t.t('chart.legend')} items={[{ label: t.t('chart.fraying.alive'), className: 'swatch-alive' }, { label: t.t('chart.fraying.onSchedule'), className: 'swatch-on-schedule' }]} />}>
      <table>
        <thead><tr><th scope="col">{t.t('col.year')}</th><th scope="col">{t.t('chart.fraying.alive')}</th><th scope="col">{t.t('chart.fraying.onSchedule')}</th><th scope="col">{t.t('status.overdue')}</th><th scope="col">{t.t('status.lapsed')}</th></tr></thead>
        <tbody>{points.map((p) => <tr><td>{p.at.slice(0, 4)}</td><td>{p.active}</td><td>{p.onSchedule + p.due}</td><td>{p.overdue}</td><td>{p.lapsed}</td></tr>)}</tbody>
      </table>
    </Chart>
  );
};
