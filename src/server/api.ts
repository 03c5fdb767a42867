/**
 * The HTTP API: each route declared with its parameters and its response schema (src/app/contracts.ts),
 * from which @hono/zod-openapi builds the OpenAPI 3.1 document served at /api/openapi.json. Query
 * strings are validated by the same schemas as the CLI's flags (src/app/params.ts). The query schemas
 * here document them for OpenAPI: each parameter as optional text, or as the value list params.ts
 * declares; Hono checks them first, answering a failure with the same 400 body (app.ts).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import * as contracts from '../app/contracts.ts';
import { evaluateAlerts } from '../app/alerts.ts';
import { calendarOf } from '../app/calendar.ts';
import { complianceOf, listAssessments, recommendationsOf } from '../app/compliance.ts';
import { eventSeries, eventStats, listEvents, topDyads } from '../app/events.ts';
import { describeMechanism, judgeHealth } from '../app/health.ts';
import {
  AlertParams, AssessmentParams, AtParams, CalendarParams, ComplianceParams, DevelopmentParams, DirectedText, EventListParams, MechanismParams, RecommendationParams,
  ScorecardParams, SectorsOn, SeriesParams, SeriesPeriod, TopDyadsParams, Weighting,
} from '../app/params.ts';
import { listDevelopments, registryCollection } from '../app/registry.ts';
import { scorecardOf } from '../app/scorecard.ts';
import { DevelopmentKind } from '../domain/registry/schema.ts';
import type { Services } from '../app/services.ts';
import { invalidParameters } from './errors.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(contracts.ErrorBody, 'Invalid parameters (the message names them)'),
  500: json(contracts.ErrorBody, 'Server error (a generic message and a request id; the detail is in the server log)'),
};

const str = (description: string, example?: string) => z.string().optional().openapi({ description, ...(example ? { example } : {}) });

/** Parses a query with a shared parameter schema; a failure is a 400 naming the parameters. */
function parse<S extends z.ZodType>(schema: S, query: Record<string, string>): { ok: true; value: z.infer<S> } | { ok: false; body: { error: string } } {
  const r = schema.safeParse(query);
  return r.success ? { ok: true, value: r.data } : { ok: false, body: invalidParameters(r.error) };
}

export function registerApi(app: OpenAPIHono, services: Services): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/parties', summary: 'Parties of the relationship',
    responses: { 200: json(contracts.Parties, 'Every party'), 500: errors[500] },
  }), async (c) => c.json(await registryCollection(services, 'parties'), 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/mechanisms', summary: 'Mechanisms of the institutional architecture',
    responses: { 200: json(contracts.Mechanisms, 'Every mechanism'), 500: errors[500] },
  }), async (c) => c.json(await registryCollection(services, 'mechanisms'), 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/mechanisms/{id}', summary: 'One mechanism with its meetings, lead agencies and cadence health',
    request: {
      params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'nals' }) }),
      query: z.object({ at: str('Date to judge cadence at (YYYY-MM-DD); default today', '2019-06-01') }),
    },
    responses: { 200: json(contracts.MechanismDetail, 'The mechanism'), ...errors, 404: json(contracts.ErrorBody, 'No such mechanism') },
  }), async (c) => {
    const id = parse(MechanismParams, { id: c.req.param('id') });
    if (!id.ok) return c.json(id.body, 400);
    const at = parse(AtParams, c.req.query());
    if (!at.ok) return c.json(at.body, 400);
    return c.json(await describeMechanism(services, { id: id.value.id, ...at.value }), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/health', summary: 'Cadence health of every mechanism and the relationship summary at a date',
    request: { query: z.object({ at: str('Date to judge cadence at (YYYY-MM-DD); default today', '2019-06-01') }) },
    responses: { 200: json(contracts.HealthReport, 'Health report'), ...errors },
  }), async (c) => {
    const at = parse(AtParams, c.req.query());
    if (!at.ok) return c.json(at.body, 400);
    return c.json(await judgeHealth(services, at.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/issues', summary: 'The intermestic agenda: issue areas with each party\'s domestic drivers',
    responses: { 200: json(contracts.Issues, 'Issue areas'), 500: errors[500] },
  }), async (c) => c.json(await registryCollection(services, 'issueAreas'), 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/sources', summary: 'Every source the registry cites',
    responses: { 200: json(contracts.Sources, 'Sources'), 500: errors[500] },
  }), async (c) => c.json(await registryCollection(services, 'sources'), 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/developments', summary: 'Key developments: dated, sourced events that moved the relationship and are not meetings',
    request: {
      query: z.object({
        from: str('First day (YYYY-MM-DD): developments that end on or after it', '2025-01-01'),
        to: str('Last day (YYYY-MM-DD): developments that begin on or before it', '2026-12-01'),
        party: str('Only those involving this party (ISO alpha-3, either case)', 'MEX'),
        kind: z.enum(DevelopmentKind.options).optional(),
        mechanism: str('Only those linked to this mechanism', 'usmca-ftc'),
        issue: str('Only those on this issue area', 'trade-and-competitiveness'),
      }),
    },
    responses: { 200: json(contracts.Developments, 'Developments, by date'), ...errors },
  }), async (c) => {
    const p = parse(DevelopmentParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await listDevelopments(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/compliance', summary: 'Compliance with commitments: the standing of each commitment for its party, and the aggregates (G7/G20 Research Group scale)',
    request: {
      query: z.object({
        party: str('Only the commitments of this party (ISO alpha-3, either case)', 'MEX'),
        at: str('Count only assessments dated on or before this day (YYYY-MM-DD); default: every assessment recorded', '2019-09-30'),
      }),
    },
    responses: { 200: json(contracts.Compliance, 'Standings and aggregates'), ...errors },
  }), async (c) => {
    const p = parse(ComplianceParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await complianceOf(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/assessments', summary: 'Compliance assessments as recorded: interim, final and recalibrations, each with its evidence',
    request: {
      query: z.object({
        party: str('Only assessments of this party (ISO alpha-3, either case)', 'USA'),
        commitment: str('Only assessments of this commitment', 'jd2019-usa-mpp-expansion'),
      }),
    },
    responses: { 200: json(contracts.Assessments, 'Assessments, in registry order'), ...errors },
  }), async (c) => {
    const p = parse(AssessmentParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await listAssessments(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/recommendations', summary: 'The recommendation tracker: status over time, and the cadence evidence of the mechanisms a recommendation asks to meet',
    request: { query: z.object({ at: str('Day to judge at (YYYY-MM-DD); default today', '2026-12-01') }) },
    responses: { 200: json(contracts.Recommendations, 'Recommendations'), ...errors },
  }), async (c) => {
    const p = parse(RecommendationParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await recommendationsOf(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/scorecard',
    summary: 'The three-Cs scorecard of a pair or group, each year on 0–100: every sub-score with its formula, inputs, counts and sources; a weighted composite and its sensitivity',
    request: {
      query: z.object({
        pair: str('A pair of parties (ISO alpha-3, either case); give pair or group', 'USA-MEX'),
        group: str('A group of parties, comma-separated', 'USA,MEX,CAN'),
        from: str('First year (default: nine years before to)', '2005'),
        to: str('Last year (default: this year)', '2026'),
        weights: str('cooperate=W,coordinate=W,challenge=W (default 1 each; names left out keep 1)', 'cooperate=1,coordinate=1,challenge=1'),
      }),
    },
    responses: { 200: json(contracts.Scorecard, 'The scorecard'), ...errors },
  }), async (c) => {
    const p = parse(ScorecardParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await scorecardOf(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/alerts',
    summary: 'Alerts of a window of days: the state changes of mechanisms, commitments, recommendations, transition windows and event series, each with its evidence (read only: nothing is queued)',
    request: {
      query: z.object({
        at: str('Last day of the window (YYYY-MM-DD); default today', '2025-12-31'),
        since: str('The window starts after this day; default 30 days before at', '2024-12-31'),
        windowDays: str('Announce a transition window this many days before it opens (default 30)', '30'),
      }),
    },
    responses: { 200: json(contracts.Alerts, 'Alerts, by day'), ...errors },
  }), async (c) => {
    const p = parse(AlertParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await evaluateAlerts(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/calendar', summary: 'Electoral calendar: coinciding election years and transition windows',
    request: {
      query: z.object({
        parties: z.string().openapi({ description: 'Comma-separated ISO alpha-3 codes (either case)', example: 'USA,MEX' }),
        from: str('First election year (1800–2200); default 12 years ago', '2000'),
        to: str('Last election year (1800–2200); default from + 24', '2040'),
      }),
    },
    responses: { 200: json(contracts.Calendar, 'Calendar'), ...errors },
  }), async (c) => {
    const p = parse(CalendarParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await calendarOf(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/events/series', summary: 'Cooperation–conflict series of a dyad or group, per period, with shifts flagged',
    request: {
      query: z.object({
        dyad: str('Two ISO alpha-3 codes joined by a hyphen; events both ways unless directed=true', 'USA-MEX'),
        group: str('Comma-separated countries (at most 30): events between any two members', 'USA,MEX,CAN'),
        directed: z.enum(DirectedText.options).optional(),
        by: z.enum(SeriesPeriod.options).optional().openapi({ description: 'Period (default month)' }),
        from: str('First day (YYYY-MM-DD)', '2018-01-01'),
        to: str('Last day (YYYY-MM-DD)', '2018-12-31'),
        sectors: str('CAMEO role codes an actor must carry (at most 50)', 'GOV,MIL'),
        sectorsOn: z.enum(SectorsOn.options).optional(),
        roots: str('CAMEO root codes', '04,05'),
        quad: str('Quad classes', '1,2'),
        datasets: str('Event datasets', 'gdelt2,icews'),
        plover: str('PLOVER event types: PLOVER-coded events by their own type, CAMEO-coded ones through the CAMEO↔PLOVER crosswalk', 'ACCUSE,SANCTION'),
        weighting: z.enum(Weighting.options).optional().openapi({
          description: 'What the mention measures count: each event\'s NumMentions from its file (export, default; GDELT 2.0: first 15 minutes only) or the stored GDELT 2.0 mentions (mentions)',
        }),
        minConfidence: str('With weighting=mentions: only mentions of at least this percent confidence (0–100)', '50'),
      }),
    },
    responses: { 200: json(contracts.Series, 'Series'), ...errors },
  }), async (c) => {
    const p = parse(SeriesParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await eventSeries(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/events', summary: 'The events of a dyad or group, newest first, each with its stored GDELT 2.0 mentions and their mean confidence',
    request: {
      query: z.object({
        dyad: str('Two ISO alpha-3 codes joined by a hyphen; events both ways unless directed=true', 'USA-MEX'),
        group: str('Comma-separated countries (at most 30): events between any two members', 'USA,MEX,CAN'),
        directed: z.enum(DirectedText.options).optional(),
        from: str('First day (YYYY-MM-DD)', '2017-01-01'),
        to: str('Last day (YYYY-MM-DD)', '2017-01-31'),
        sectors: str('CAMEO role codes an actor must carry (at most 50)', 'GOV,MIL'),
        sectorsOn: z.enum(SectorsOn.options).optional(),
        roots: str('CAMEO root codes', '04,05'),
        quad: str('Quad classes', '1,2'),
        datasets: str('Event datasets', 'gdelt2'),
        plover: str('PLOVER event types: PLOVER-coded events by their own type, CAMEO-coded ones through the CAMEO↔PLOVER crosswalk', 'ACCUSE,SANCTION'),
        limit: str('How many (1–1000, default 100)', '100'),
        minConfidence: str('Count only mentions of at least this percent confidence (0–100, default 0)', '50'),
      }),
    },
    responses: { 200: json(contracts.EventList, 'Events'), ...errors },
  }), async (c) => {
    const p = parse(EventListParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await listEvents(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/events/top-dyads', summary: 'The most active country pairs of a year or period',
    request: {
      query: z.object({
        year: str('Calendar year (1800–2200)', '2019'),
        from: str('First day (YYYY-MM-DD)'),
        to: str('Last day (YYYY-MM-DD)'),
        limit: str('How many (1–1000, default 20)', '20'),
        countries: str('Only dyads involving these countries (at most 30)', 'USA,MEX,CAN'),
      }),
    },
    responses: { 200: json(contracts.TopDyads, 'Dyads'), ...errors },
  }), async (c) => {
    const p = parse(TopDyadsParams, c.req.query());
    if (!p.ok) return c.json(p.body, 400);
    return c.json(await topDyads(services, p.value), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/events/stats', summary: 'What the event store holds, per dataset, and every import',
    responses: { 200: json(contracts.EventStats, 'Stats'), 500: errors[500] },
  }), async (c) => c.json(await eventStats(services), 200));
}
