/** `/events`: the events explorer. */
import { periodEnd, type ExplorerView } from '../../app/views/explorer.ts';
import { CONTEXT_DAYS } from '../../domain/context.ts';
import { hrefOf, type PageContext } from '../context.ts';
import { netChart, quadChart } from '../charts.ts';
import type { MessageKey } from '../i18n.ts';
import PAGE_SCRIPTS from '../client/pages.json' with { type: 'json' };
import { Chart, English, Layout, Legend, Text, When } from '../layout.tsx';

/** The explorer's query as URL parameters (the page's state). */
export function explorerQuery(v: ExplorerView): Record<string, string | undefined> {
  const p = v.params;
  return {
    dyad: p.dyad, group: p.group?.join(','), directed: p.directed ? 'true' : undefined, by: p.by, from: p.from, to: p.to,
    roots: p.roots?.join(','), quad: p.quad?.join(','), sectors: p.sectors?.join(','), sectorsOn: p.sectorsOn, datasets: p.datasets?.join(','),
    plover: p.plover?.join(','), weighting: p.weighting, minConfidence: p.minConfidence === undefined ? undefined : String(p.minConfidence),
  };
}

export function eventsPage(ctx: PageContext, v: ExplorerView): string {
  const { t } = ctx;
  const p = v.params;
  const pair = v.parties.join('–');
  const q = explorerQuery(v);
  const by = v.series.by;
  const periodHref = (period: string): string => hrefOf(ctx, '/events', { ...q, period }) + '#period';
  const csv = hrefOf(ctx, '/events.csv', q);
  const quads = [1, 2, 3, 4] as const;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('events.title', { pair })} scripts={PAGE_SCRIPTS.events}>
      <form method="get" action="/events" class="filters">
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <fieldset>
          <legend>{t.t('events.who')}</legend>
          <label for="dyad">{t.t('events.dyad')}</label> <input id="dyad" name="dyad" value={p.dyad ?? ''} placeholder="USA-MEX" size={9} />
          <label for="group">{t.t('events.group')}</label> <input id="group" name="group" value={p.group?.join(',') ?? ''} placeholder="USA,MEX,CAN" size={14} />
          <label><input type="checkbox" name="directed" value="true" checked={p.directed === true} /> {t.t('events.directed')}</label>
        </fieldset>
        <fieldset>
          <legend>{t.t('events.when')}</legend>
          <label for="by">{t.t('events.by')}</label>{' '}
          <select id="by" name="by">{(['day', 'week', 'month', 'quarter', 'year'] as const).map((b) => <option value={b} selected={b === by}>{t.t(`period.${b}` as MessageKey)}</option>)}</select>
          <label for="from">{t.t('common.from')}</label> <input id="from" name="from" type="date" value={p.from ?? ''} />
          <label for="to">{t.t('common.to')}</label> <input id="to" name="to" type="date" value={p.to ?? ''} />
        </fieldset>
        <fieldset>
          <legend>{t.t('events.what')}</legend>
          <label for="roots">{t.t('events.roots')}</label> <input id="roots" name="roots" value={p.roots?.join(',') ?? ''} placeholder="04,05,06" size={10} />
          <label for="quad">{t.t('events.quad')}</label> <input id="quad" name="quad" value={p.quad?.join(',') ?? ''} placeholder="1,2" size={6} />
          <label for="sectors">{t.t('events.sectors')}</label> <input id="sectors" name="sectors" value={p.sectors?.join(',') ?? ''} placeholder="GOV,MIL" size={10} />
          <label for="datasets">{t.t('events.datasets')}</label> <input id="datasets" name="datasets" value={p.datasets?.join(',') ?? ''} placeholder="gdelt2,icews" size={12} />
          <label for="plover">{t.t('events.plover')}</label> <input id="plover" name="plover" value={p.plover?.join(',') ?? ''} placeholder="CONSULT,ACCUSE" size={14} />
        </fieldset>
        <fieldset>
          <legend>{t.t('events.mentions')}</legend>
          <select id="weighting" name="weighting" aria-label={t.t('events.mentions')}>{(['export', 'mentions'] as const).map((w) => <option value={w} selected={w === v.series.weighting.mentions}>{t.t(`events.weighting.${w}` as MessageKey)}</option>)}</select>
          <label for="minConfidence">{t.t('events.minConfidence')}</label> <input id="minConfidence" name="minConfidence" type="number" min={0} max={100} step={10} value={p.minConfidence === undefined ? '' : String(p.minConfidence)} size={4} />
        </fieldset>
        <button type="submit">{t.t('common.show')}</button>
      </form>

      {v.eventsStored === 0 ? (
        <section class="empty" aria-labelledby="empty">
          <h2 id="empty">{t.t('events.emptyStore')}</h2>
          <p>{t.t('events.importHelp')}</p>
          <pre><code>{'npx intermestic events import 20170101073000.export.CSV.zip events.2018.tab\nnpx intermestic serve'}</code></pre>
        </section>
      ) : v.series.points.length === 0 ? (
        <p class="empty">{t.t('events.noneSelected', { pair })}</p>
      ) : (
        <>
          <p class="lead">{t.t('events.lead', { events: v.series.points.reduce((n, x) => n + x.events, 0), periods: v.series.points.length, shifts: v.series.shifts.length })}{' '}
            <a href={csv} download>{t.t('events.csv')}</a></p>
          <Chart ctx={ctx} id="quad-chart" title={t.t('chart.events.heading')} caption={t.t('chart.events.caption')}
            svg={quadChart(v.series, t, periodHref, (s) => periodEnd(s, by))}
            legend={<Legend label={t.t('chart.legend')} items={quads.map((n) => ({ label: t.t(`quad.${n}` as MessageKey), className: `swatch-quad-${n}` }))} />}>
            <table>
              <thead><tr><th scope="col">{t.t('col.period')}</th><th scope="col">{t.t('col.events')}</th>{quads.map((n) => <th scope="col">{t.t(`quad.${n}` as MessageKey)}</th>)}<th scope="col">{t.t('col.net')}</th><th scope="col">{t.t('col.goldstein')}</th><th scope="col">{t.t('col.mentions')}</th></tr></thead>
              <tbody>{v.series.points.map((x) => (
                <tr><td><a href={periodHref(x.period)}>{x.period}</a></td><td>{x.events}</td>{quads.map((n) => <td>{x.quad[n]}</td>)}<td>{t.number(x.netCooperation, 2)}</td><td>{x.goldsteinMean === null ? '—' : t.number(x.goldsteinMean, 2)}</td><td>{t.number(x.mentions, 0)}</td></tr>
              ))}</tbody>
            </table>
          </Chart>
          <Chart ctx={ctx} id="net-chart" title={t.t('chart.net.heading', { pair })} caption={t.t('chart.net.caption', { events: v.series.points.reduce((n, x) => n + x.events, 0), shifts: v.series.shifts.length })}
            svg={netChart(v.series, t)}>
            <table>
              <thead><tr><th scope="col">{t.t('col.period')}</th><th scope="col">{t.t('col.net')}</th></tr></thead>
              <tbody>{v.series.points.map((x) => <tr><td>{x.period}</td><td>{t.number(x.netCooperation, 2)}</td></tr>)}</tbody>
            </table>
          </Chart>

          <section aria-labelledby="shifts">
            <h2 id="shifts">{t.t('events.shifts', { count: v.annotations.length })}</h2>
            <p>{t.t('events.shiftsMethod', { days: CONTEXT_DAYS })}</p>
            {v.annotations.map(({ shift, context }) => (
              <article class="shift" aria-labelledby={`shift-${shift.period}`}>
                <h3 id={`shift-${shift.period}`}>{t.t('chart.net.shift', { date: t.date(shift.period), direction: shift.direction, z: t.number(shift.z, 1) })}</h3>
                <p>{t.t('events.window', { from: t.date(context.from), to: t.date(context.to) })}</p>
                {context.meetings.length + context.lapses.length + context.terms.length + context.developments.length === 0 ? <p>{t.t('events.nothingAround')}</p> : (
                  <ul>
                    {context.meetings.map((m) => <li>{t.t('events.ctx.meeting')} <When ctx={ctx} date={m.date} />: <a href={hrefOf(ctx, `/mechanisms/${m.mechanism}`) + `#${m.id}`}>{m.mechanism}</a>{m.place ? `, ${m.place}` : ''}</li>)}
                    {context.lapses.map((l) => <li>{t.t('events.ctx.lapse', { date: t.date(l.from) })} <a href={hrefOf(ctx, `/mechanisms/${l.mechanism}`)}>{l.mechanism}</a></li>)}
                    {context.terms.map((x) => <li>{t.t(x.change === 'took office' ? 'events.ctx.tookOffice' : 'events.ctx.leftOffice', { person: x.term.person, party: x.term.party, date: t.date(x.date) })}</li>)}
                    {context.developments.map((d) => <li><When ctx={ctx} date={d.date} />: <Text ctx={ctx} text={d.summary} /></li>)}
                  </ul>
                )}
              </article>
            ))}
          </section>

          {v.period !== null ? (
            <section id="period" aria-labelledby="period-h">
              <h2 id="period-h">{t.t('events.periodEvents', { from: t.date(v.period.start), to: t.date(v.period.end), count: v.period.events.length })}</h2>
              {v.period.events.length >= v.period.limit ? <p>{t.t('events.limit', { limit: v.period.limit })}</p> : null}
              <table class="events">
                <thead><tr><th scope="col">{t.t('col.date')}</th><th scope="col">{t.t('col.source')}</th><th scope="col">{t.t('col.target')}</th><th scope="col">CAMEO / PLOVER</th><th scope="col">{t.t('col.quad')}</th><th scope="col">{t.t('col.goldstein')}</th><th scope="col">{t.t('col.dataset')}</th><th scope="col">{t.t('col.mentions')}</th><th scope="col">{t.t('col.confidence')}</th><th scope="col">{t.t('col.link')}</th></tr></thead>
                <tbody>{v.period.events.map((e) => {
                  const m = e.dataset === 'gdelt2' ? v.period!.mentions.get(e.sourceEventId) : undefined;
                  return (
                  <tr>
                    <td>{e.eventDate}</td>
                    <td><English ctx={ctx} text={`${e.source.name ?? e.source.code ?? '—'} (${e.source.country ?? e.source.countryRaw ?? '?'})`} /></td>
                    <td><English ctx={ctx} text={`${e.target.name ?? e.target.code ?? '—'} (${e.target.country ?? e.target.countryRaw ?? '?'})`} /></td>
                    <td>{e.cameoCode ?? (e.plover === undefined ? '—' : `PLOVER ${e.plover.type ?? e.plover.contexts.join(', ')}`)}</td><td>{e.quadClass}</td><td>{e.goldstein === null ? '—' : t.number(e.goldstein, 1)}</td><td>{e.dataset}</td>
                    <td>{m === undefined ? '—' : t.number(m.mentions, 0)}</td><td>{m?.meanConfidence == null ? '—' : t.number(m.meanConfidence, 0)}</td>
                    <td>{e.sourceUrl && /^https?:\/\//.test(e.sourceUrl) ? <a href={e.sourceUrl} rel="noreferrer nofollow">{t.t('col.link')}</a> : '—'}</td>
                  </tr>
                  );
                })}</tbody>
              </table>
            </section>
          ) : <p>{t.t('events.pickPeriod')}</p>}
        </>
      )}
    </Layout>
  ).toString();
}
