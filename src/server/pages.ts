/**
 * The web app's routes: each page parses its query with the shared schemas, asks the use cases for
 * its view (src/app/views/) and has it rendered (src/web/pages/). The language is `?lang=`, else the
 * best of Accept-Language (hono's languageDetector), else English. A bad parameter or an unknown id
 * answers an HTML page in that language with 400 or 404; the API keeps its JSON.
 */
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { languageDetector } from 'hono/language';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { seriesCsvRows } from '../analysis/series.ts';
import { InvalidInput, NotFound } from '../app/errors.ts';
import { IsoDate } from '../domain/dates.ts';
import { SourceKind } from '../domain/registry/schema.ts';
import { parameterProblems, SeriesParams } from '../app/params.ts';
import type { Services } from '../app/services.ts';
import type { LastLoad } from '../app/ports.ts';
import type { Registry } from '../domain/registry/schema.ts';
import { agendaOf } from '../app/views/agenda.ts';
import { calendarViewOf } from '../app/views/calendar.ts';
import { commitmentsOf } from '../app/views/commitments.ts';
import { dashboardOf } from '../app/views/dashboard.ts';
import { explorerOf } from '../app/views/explorer.ts';
import { mechanismViewOf } from '../app/views/mechanism.ts';
import { selectionOf, selections } from '../app/views/selection.ts';
import { sourcesOf } from '../app/views/sources.ts';
import { defaultTimelineYears, timelineOf } from '../app/views/timeline.ts';
import { comparePartialDates } from '../domain/dates.ts';
import type { Assets, PageContext } from '../web/context.ts';
import { isLocale, LOCALES, translator, type Locale } from '../web/i18n.ts';
import { dashboardPage } from '../web/pages/dashboard.tsx';
import { eventsPage } from '../web/pages/events.tsx';
import { mechanismPage } from '../web/pages/mechanism.tsx';
import { agendaPage, calendarPage, commitmentsPage, errorPage, sourcesPage } from '../web/pages/registry-pages.tsx';
import { timelinePage } from '../web/pages/timeline.tsx';
import { alertsPage, compliancePage, recommendationsPage, scorecardPage } from '../web/pages/judging.tsx';
import { complianceReport, recommendationsReport } from '../app/compliance.ts';
import { scorecardOf } from '../app/scorecard.ts';
import { evaluateAlerts } from '../app/alerts.ts';
import { AlertParams, ComplianceParams, RecommendationParams, ScorecardParams } from '../app/params.ts';

const Year = z.string().regex(/^\d{4}$/, 'expected a four-digit year').transform(Number).pipe(z.number().int().min(1800).max(2200));
const AtQuery = z.object({ at: IsoDate.optional() });
const TimelineQuery = z.object({ from: Year.optional(), to: Year.optional() }).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'to is before from', path: ['to'] });
const SourcesQuery = z.object({ kind: SourceKind.optional() });
const PeriodQuery = z.object({ period: IsoDate.optional() });

/** A query without its empty fields and the language (an empty field of a form is a parameter not given). */
function nonEmpty(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== '' && k !== 'lang'));
}

/** Parses a page's query with a schema; a failure is an InvalidInput naming the parameters. */
function parsed<S extends z.ZodType>(schema: S, query: Record<string, unknown>): z.infer<S> {
  const r = schema.safeParse(query);
  if (!r.success) throw new InvalidInput(parameterProblems(r.error));
  return r.data;
}

type Current = () => Promise<{ registry: Registry; load: LastLoad | null }>;

/** A handler for paths no route has: the HTML 404 page, or null for the API's and the assets' paths. */
export type PageNotFound = (c: Context) => Promise<Response | null>;

export function registerPages(app: OpenAPIHono, s: Services, current: Current, assets: Assets): PageNotFound {
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    return languageDetector({ order: ['querystring', 'header'], supportedLanguages: [...LOCALES], fallbackLanguage: 'en', caches: false, lookupQueryString: 'lang' })(c, next);
  });

  const context = async (c: Context): Promise<PageContext> => {
    const asked = c.req.query('lang');
    const locale: Locale = isLocale(c.get('language' as never) as string) ? (c.get('language' as never) as Locale) : 'en';
    const { load } = await current();
    return {
      t: translator(locale), locale, langInUrl: asked !== undefined && isLocale(asked), path: c.req.path,
      query: Object.fromEntries(Object.entries(c.req.query()).filter(([k]) => k !== 'lang')),
      assets, registry: { label: load?.label ?? null, loadedAt: load?.loadedAt ?? null }, today: s.clock.today(),
    };
  };

  /** Renders a page, or its HTML error page in the same language. */
  const page = (render: (ctx: PageContext, registry: Registry, c: Context) => Promise<string> | string) => async (c: Context) => {
    const ctx = await context(c);
    try {
      const asked = c.req.query('lang');
      if (asked !== undefined && !isLocale(asked)) throw new InvalidInput([{ parameter: 'lang', message: `expected one of ${LOCALES.join(', ')}` }]);
      return c.html(await render(ctx, (await current()).registry, c));
    } catch (e) {
      if (e instanceof InvalidInput) return c.html(errorPage(ctx, 400, ctx.t.t('error.badParameters', { details: e.problems.map((p) => `${p.parameter}: ${p.message}`).join('; ') })), 400);
      if (e instanceof NotFound) return c.html(errorPage(ctx, 404, ctx.t.t('error.noRecord', { what: ctx.t.t(e.what === 'mechanism' ? 'error.what.mechanism' : 'error.what.record'), id: e.id })), 404);
      throw e;
    }
  };
  const at = (c: Context): string => parsed(AtQuery, c.req.query()).at ?? s.clock.today();

  app.get('/', page(async (ctx, registry, c) => dashboardPage(ctx, await dashboardOf(registry, s.events, selectionOf(registry, c.req.query('pair')), at(c)))));

  app.get('/timeline', page((ctx, registry, c) => {
    const day = at(c);
    const q = parsed(TimelineQuery, c.req.query());
    const years = defaultTimelineYears(registry, day);
    const selection = selectionOf(registry, c.req.query('pair'));
    return timelinePage(ctx, timelineOf(registry, selection, q.from ?? years.from, q.to ?? years.to, day), selections(registry));
  }));

  app.get('/mechanisms/:id', page((ctx, registry, c) => mechanismPage(ctx, mechanismViewOf(registry, c.req.param('id') ?? '', at(c)))));

  /** The explorer's parameters: the shared series schema, a dyad of the first two parties by default. */
  const explorerParams = (registry: Registry, c: Context) => {
    const { period: _period, ...query } = nonEmpty(c.req.query());
    // The form keeps its minimum-confidence box filled when the weighting goes back to the export's
    // counts, where the API refuses it: the page reads it as not asked for.
    const { minConfidence: _unused, ...withoutConfidence } = query;
    const rest = query.weighting === 'mentions' ? query : withoutConfidence;
    return parsed(SeriesParams, rest.dyad === undefined && rest.group === undefined ? { ...rest, dyad: selectionOf(registry, undefined).key } : rest);
  };
  app.get('/events', page(async (ctx, registry, c) => eventsPage(ctx, await explorerOf(registry, s.events, explorerParams(registry, c), parsed(PeriodQuery, c.req.query()).period, s.eventFiles))));

  /** Exactly what the explorer charts, as CSV (the columns of `events series --csv`). */
  app.get('/events.csv', async (c) => {
    const ctx = await context(c);
    try {
      const { registry } = await current();
      const v = await explorerOf(registry, s.events, explorerParams(registry, c), undefined, s.eventFiles);
      const name = `intermestic-${(v.params.dyad ?? v.params.group?.join('-') ?? 'series').toLowerCase()}-${v.series.by}.csv`;
      return c.body(stringify(seriesCsvRows(v.series.points)), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
    } catch (e) {
      if (e instanceof InvalidInput) return c.html(errorPage(ctx, 400, ctx.t.t('error.badParameters', { details: e.problems.map((p) => `${p.parameter}: ${p.message}`).join('; ') })), 400);
      throw e;
    }
  });

  app.get('/agenda', page((ctx, registry, c) => agendaPage(ctx, agendaOf(registry, selectionOf(registry, c.req.query('pair')), at(c)), selections(registry))));
  app.get('/calendar', page((ctx, registry, c) => calendarPage(ctx, calendarViewOf(registry, selectionOf(registry, c.req.query('pair')), at(c)), selections(registry))));
  app.get('/commitments', page((ctx, registry) => commitmentsPage(ctx, commitmentsOf(registry), [...registry.developments].sort((a, b) => comparePartialDates(a.date, b.date)))));
  app.get('/sources', page((ctx, registry, c) => {
    const { kind } = parsed(SourcesQuery, c.req.query());
    return sourcesPage(ctx, sourcesOf(registry, kind), kind);
  }));

  app.get('/compliance', page((ctx, registry, c) => {
    const q = parsed(ComplianceParams, nonEmpty(c.req.query()));
    return compliancePage(ctx, complianceReport(registry, q), registry.parties.map((p) => p.id), new Map(registry.sources.map((x) => [x.id, x])), new Map(registry.issueAreas.map((a) => [a.id, a.names])));
  }));
  app.get('/recommendations', page((ctx, registry, c) => {
    const q = parsed(RecommendationParams, nonEmpty(c.req.query()));
    return recommendationsPage(ctx, recommendationsReport(registry, q.at ?? s.clock.today()), new Map(registry.sources.map((x) => [x.id, x])));
  }));
  app.get('/scorecard', page(async (ctx, registry, c) => {
    const query = nonEmpty(c.req.query());
    const selection = selectionOf(registry, query.pair);
    // The form's three weight fields become the shared parameter's `name=weight` list.
    const weights = ['cooperate', 'coordinate', 'challenge'].filter((k) => query[`w_${k}`] !== undefined).map((k) => `${k}=${query[`w_${k}`]}`).join(',');
    const params = parsed(ScorecardParams, {
      ...(selection.parties.length === 2 ? { pair: selection.key } : { group: selection.parties.join(',') }),
      ...(query.from !== undefined ? { from: query.from } : {}), ...(query.to !== undefined ? { to: query.to } : {}),
      ...(weights !== '' ? { weights } : query.weights !== undefined ? { weights: query.weights } : {}),
    });
    return scorecardPage(ctx, await scorecardOf(s, params), selection, selections(registry));
  }));
  app.get('/alerts', page(async (ctx, _registry, c) => alertsPage(ctx, await evaluateAlerts(s, parsed(AlertParams, nonEmpty(c.req.query()))))));

  /** Any other path outside the API and the assets: a 404 page in the visitor's language. */
  return async (c: Context) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return null;
    const ctx = await context(c);
    return c.html(errorPage(ctx, 404, ctx.t.t('error.noPage', { path: c.req.path.length > 80 ? `${c.req.path.slice(0, 80)}…` : c.req.path })), 404);
  };
}
