/**
 * `/compliance`, `/recommendations`, `/scorecard`, `/alerts`: the relationship judged — compliance of
 * commitments per party, the recommendation tracker with its cadence evidence, the three-Cs scorecard
 * with its formulas, inputs and adjustable weights, and the alerts the rules raise.
 */
import type { Alerts, Compliance, Recommendations, Scorecard } from '../../app/contracts.ts';
import type { Selection } from '../../app/views/selection.ts';
import type { Localized, Source } from '../../domain/registry/schema.ts';
import type { CountKey } from '../../domain/scorecard.ts';
import { hrefOf, type PageContext } from '../context.ts';
import type { MessageKey } from '../i18n.ts';
import { English, Layout, SelectionSwitch, SourceList, Status, Text, When } from '../layout.tsx';

type Aggregate = Compliance['aggregates']['overall'];

const scoreText = (ctx: PageContext, score: number | null, status: string): string => {
  if (score === null) return ctx.t.t(`compliance.status.${status}` as MessageKey);
  return `${score > 0 ? '+' : ''}${score}`;
};

const AggregateCells = ({ ctx, a }: { ctx: PageContext; a: Aggregate }) => (
  <>
    <td>{a.commitments}</td><td>{a.scored}</td><td>{a.noEvidence}</td><td>{a.notAssessed}</td>
    <td>{a.mean === null ? '—' : ctx.t.number(a.mean, 2)}</td>
    <td>{a.g20Percent === null ? '—' : `${ctx.t.number(a.g20Percent, 1)} %`}</td>
  </>
);

const AggregateHead = ({ ctx, first }: { ctx: PageContext; first: string }) => (
  <thead><tr>
    <th scope="col">{first}</th><th scope="col">{ctx.t.t('compliance.col.commitments')}</th><th scope="col">{ctx.t.t('compliance.col.scored')}</th>
    <th scope="col">{ctx.t.t('compliance.col.noEvidence')}</th><th scope="col">{ctx.t.t('compliance.col.notAssessed')}</th>
    <th scope="col">{ctx.t.t('compliance.col.mean')}</th><th scope="col">{ctx.t.t('compliance.col.g20')}</th>
  </tr></thead>
);

export function compliancePage(ctx: PageContext, v: Compliance, parties: readonly string[], sources: ReadonlyMap<string, Source>, issueNames: ReadonlyMap<string, Localized>): string {
  const { t } = ctx;
  const byParty = new Map<string, Compliance['standings']>();
  for (const s of v.standings) byParty.set(s.party, [...(byParty.get(s.party) ?? []), s]);
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('compliance.title')}>
      <form method="get" action="/compliance" class="inline">
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <label for="party">{t.t('col.party')}</label>{' '}
        <select id="party" name="party">
          <option value="" selected={v.party === null}>{t.t('compliance.allParties')}</option>
          {parties.map((p) => <option value={p} selected={v.party === p}>{p}</option>)}
        </select>{' '}
        <label for="at">{t.t('common.at')}</label> <input id="at" name="at" type="date" value={v.at ?? ''} />{' '}
        <button type="submit">{t.t('common.show')}</button>
      </form>
      <p class="lead">{t.t('compliance.lead')}</p>
      <table>
        <caption>{t.t('compliance.byParty')}</caption>
        <AggregateHead ctx={ctx} first={t.t('col.party')} />
        <tbody>
          {v.aggregates.byParty.map((a) => <tr><th scope="row">{a.party}</th><AggregateCells ctx={ctx} a={a} /></tr>)}
          <tr><th scope="row">{t.t('compliance.overall')}</th><AggregateCells ctx={ctx} a={v.aggregates.overall} /></tr>
        </tbody>
      </table>
      {v.aggregates.byIssueArea.length > 0 ? (
        <table>
          <caption>{t.t('compliance.byIssue')}</caption>
          <AggregateHead ctx={ctx} first={t.t('col.issue')} />
          <tbody>{v.aggregates.byIssueArea.map((a) => <tr><th scope="row">{issueNames.has(a.issueArea) ? <Text ctx={ctx} text={issueNames.get(a.issueArea)!} /> : <English ctx={ctx} text={a.name} />}</th><AggregateCells ctx={ctx} a={a} /></tr>)}</tbody>
        </table>
      ) : null}
      {[...byParty.entries()].map(([party, standings]) => (
        <section aria-labelledby={`party-${party}`}>
          <h2 id={`party-${party}`}>{t.t('compliance.partyHeading', { party })}</h2>
          <table>
            <thead><tr><th scope="col">{t.t('compliance.col.commitment')}</th><th scope="col">{t.t('compliance.col.score')}</th><th scope="col">{t.t('compliance.col.basis')}</th><th scope="col">{t.t('compliance.col.history')}</th><th scope="col">{t.t('compliance.col.evidence')}</th></tr></thead>
            <tbody>
              {standings.map((s) => (
                <tr id={s.assessment ?? s.commitment}>
                  <th scope="row"><span id={s.commitment}><English ctx={ctx} text={s.text} /></span></th>
                  <td><strong>{scoreText(ctx, s.score, s.status)}</strong>{s.confidence === 'uncertain' ? <> <span class="uncertain">({t.t('common.uncertain')})</span></> : null}</td>
                  <td>{t.t(`compliance.basis.${s.basis}` as MessageKey)}{s.date ? <>, <When ctx={ctx} date={s.date} /></> : null}</td>
                  <td>{s.history.length === 0 ? '—' : (
                    <ol class="plain">{s.history.map((h) => (
                      <li id={h.id}><When ctx={ctx} date={h.date} />: {t.t(`compliance.kind.${h.kind}` as MessageKey)} {scoreText(ctx, h.score, h.status)}
                        {h.recalibrates ? <> — {t.t('compliance.recalibrates', { id: h.recalibrates })}{h.recalibrationReason ? <>: <English ctx={ctx} text={h.recalibrationReason} /></> : null}</> : null}</li>
                    ))}</ol>
                  )}</td>
                  <td>{s.sources.length === 0 ? '—' : <SourceList ctx={ctx} ids={s.sources} sources={sources} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <p class="method">{t.t('compliance.method')}</p>
    </Layout>
  ).toString();
}

export function recommendationsPage(ctx: PageContext, v: Recommendations, sources: ReadonlyMap<string, Source>): string {
  const { t } = ctx;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('recommendations.title')}>
      <form method="get" action="/recommendations" class="inline">
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <label for="at">{t.t('common.at')}</label> <input id="at" name="at" type="date" value={v.at} /> <button type="submit">{t.t('common.show')}</button>
      </form>
      <p class="lead">{t.t('recommendations.lead', { date: t.date(v.at) })}</p>
      {v.recommendations.map((r) => (
        <section id={r.id} aria-labelledby={`${r.id}-h`} class="recommendation">
          <h2 id={`${r.id}-h`}><English ctx={ctx} text={r.text} /></h2>
          <p><strong>{r.status === null ? t.t('recommendations.noStatus') : t.t(`recommendations.status.${r.status}` as MessageKey)}</strong>
            {r.statusSince ? <> {t.t('recommendations.since', { date: t.date(r.statusSince) })}</> : null} · {r.author}, <When ctx={ctx} date={r.date} /></p>
          {r.history.length > 0 ? (
            <ol class="plain">{r.history.map((h) => (
              <li><When ctx={ctx} date={h.date} />: {t.t(`recommendations.status.${h.status}` as MessageKey)}{h.note ? <> — <English ctx={ctx} text={h.note} /></> : null}<SourceList ctx={ctx} ids={h.sources} sources={sources} /></li>
            ))}</ol>
          ) : null}
          {r.cadence.map((c) => (
            <div class="cadence-evidence">
              <h3>{t.t('recommendations.cadenceHeading', { name: c.name })}</h3>
              <p>{t.t('recommendations.cadenceText', { held: c.held.length, expected: c.expected, since: t.date(c.since) })} <Status ctx={ctx} status={c.status} />
                {c.lapsedFrom ? <> {t.t('recommendations.lapsedFrom', { date: t.date(c.lapsedFrom), days: c.daysSinceLast ?? 0 })}</> : null}</p>
              {c.held.length > 0 ? <ul>{c.held.map((m) => <li><a href={hrefOf(ctx, `/mechanisms/${c.mechanism}#${m.id}`)}><When ctx={ctx} date={m.date} /></a>{m.place ? `, ${m.place}` : ''}</li>)}</ul> : null}
              {c.notHeld.length > 0 ? <p>{t.t('recommendations.notHeld')}: {c.notHeld.map((m) => `${t.date(m.date)} (${t.t(`meeting.status.${m.status}` as MessageKey)})`).join('; ')}</p> : null}
            </div>
          ))}
          {r.mechanisms.length > 0 ? <p>{t.t('recommendations.carriedBy')}: {r.mechanisms.map((m, i) => <>{i > 0 ? ', ' : ''}<a href={hrefOf(ctx, `/mechanisms/${m}`)}>{m}</a></>)}</p> : null}
        </section>
      ))}
    </Layout>
  ).toString();
}

const SUBSCORES = ['cooperate', 'coordinate', 'challenge'] as const;

export function scorecardPage(ctx: PageContext, v: Scorecard, current: Selection, options: readonly Selection[]): string {
  const { t } = ctx;
  const pair = current.parties.join('–');
  const fmt = (n: number | null): string => (n === null ? '—' : t.number(n, 1));
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('scorecard.title', { pair })}>
      <SelectionSwitch ctx={ctx} current={current} options={options} />
      <p class="lead">{t.t('scorecard.lead')}</p>
      <form method="get" action="/scorecard" class="weights">
        <input type="hidden" name="pair" value={current.key} />
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <fieldset><legend>{t.t('scorecard.weights')}</legend>
          {SUBSCORES.map((k) => <><label for={`w-${k}`}>{t.t(`scorecard.${k}` as MessageKey)}</label> <input id={`w-${k}`} name={`w_${k}`} type="number" min="0" max="1000" step="0.5" value={String(v.weights[k])} />{' '}</>)}
        </fieldset>
        <fieldset><legend>{t.t('scorecard.years')}</legend>
          <label for="from">{t.t('common.fromYear')}</label> <input id="from" name="from" inputmode="numeric" value={String(v.from)} size={4} />{' '}
          <label for="to">{t.t('common.toYear')}</label> <input id="to" name="to" inputmode="numeric" value={String(v.to)} size={4} />
        </fieldset>
        <button type="submit">{t.t('common.show')}</button>
      </form>
      <table>
        <caption>{t.t('scorecard.caption', { pair, from: v.from, to: v.to })}</caption>
        <thead><tr><th scope="col">{t.t('col.year')}</th>{SUBSCORES.map((k) => <th scope="col">{t.t(`scorecard.${k}` as MessageKey)}</th>)}<th scope="col">{t.t('scorecard.composite')}</th></tr></thead>
        <tbody>
          {v.periods.map((p) => (
            <tr><th scope="row"><a href={`#year-${p.period}`}>{p.period}</a></th>{SUBSCORES.map((k) => <td>{fmt(p[k].score)}</td>)}<td><strong>{fmt(p.composite.score)}</strong></td></tr>
          ))}
        </tbody>
      </table>
      <p class="caveat">{t.t('scorecard.coverageNote', { events: v.coverage.events, days: v.coverage.days, from: String(v.from), to: String(v.to) })}</p>
      <section aria-labelledby="formulas">
        <h2 id="formulas">{t.t('scorecard.formulas')}</h2>
        <dl class="formulas">{Object.keys(v.formula).map((k) => <><dt>{k}</dt><dd><code>{t.t(`scorecard.formula.${k}` as MessageKey, { ...v.thresholds })}</code></dd></>)}</dl>
      </section>
      {v.eras.length > 0 ? (
        <table>
          <caption>{t.t('scorecard.eras')}</caption>
          <thead><tr><th scope="col">{t.t('scorecard.era')}</th><th scope="col">{t.t('col.from')}</th><th scope="col">{t.t('col.to')}</th>{SUBSCORES.map((k) => <th scope="col">{t.t(`scorecard.${k}` as MessageKey)}</th>)}<th scope="col">{t.t('scorecard.composite')}</th></tr></thead>
          <tbody>{v.eras.map((e) => <tr><th scope="row">{t.t(`scorecard.era.${e.id}` as MessageKey)}</th><td>{e.from}</td><td>{e.to}</td><td>{fmt(e.cooperate)}</td><td>{fmt(e.coordinate)}</td><td>{fmt(e.challenge)}</td><td>{fmt(e.composite)}</td></tr>)}</tbody>
        </table>
      ) : null}
      <section aria-labelledby="inputs">
        <h2 id="inputs">{t.t('scorecard.inputs')}</h2>
        {v.periods.map((p) => (
          <details id={`year-${p.period}`}>
            <summary>{p.period}{t.t('common.colon')}{t.t('scorecard.composite')} {fmt(p.composite.score)}{leftOutText(ctx, p.composite)}</summary>
            {SUBSCORES.map((k) => (
              <table class="inputs">
                <caption>{t.t(`scorecard.${k}` as MessageKey)}{t.t('common.colon')}{fmt(p[k].score)}{p[k].score === null
                  ? <> — {t.t('scorecard.noInput', { list: p[k].inputs.map((i) => `${i.id} (${whyText(ctx, i) ?? '—'})`).join('; ') })}</> : null}</caption>
                <thead><tr><th scope="col">{t.t('scorecard.input')}</th><th scope="col">{t.t('scorecard.score')}</th><th scope="col">{t.t('scorecard.counts')}</th><th scope="col">{t.t('scorecard.basis')}</th></tr></thead>
                <tbody>{p[k].inputs.map((i) => (
                  <tr>
                    <th scope="row">{t.t(`scorecard.input.${i.id}` as MessageKey)}</th>
                    <td>{fmt(i.score)}{i.why ? <> — {whyText(ctx, i)}</> : null}</td>
                    <td>{(Object.entries(i.counts) as [CountKey, number][]).map(([c, n]) => `${t.t(c === 'engaged' && i.id === 'agencies' ? 'scorecard.count.engagedAgencies' : `scorecard.count.${c}`)} ${t.number(n)}`).join(', ') || '—'}</td>
                    <td>{t.t('scorecard.recordsSources', { records: i.records.length, sources: i.sources.length })}{i.datasets.length > 0 ? `; ${i.datasets.join(', ')}` : ''}</td>
                  </tr>
                ))}</tbody>
              </table>
            ))}
          </details>
        ))}
      </section>
      <p><a href={`/api/scorecard?${new URLSearchParams({ ...(current.parties.length === 2 ? { pair: current.key } : { group: current.parties.join(',') }), from: String(v.from), to: String(v.to) }).toString()}`}>{t.t('scorecard.json')}</a></p>
    </Layout>
  ).toString();
}

type ScoreInputJson = Scorecard['periods'][number]['cooperate']['inputs'][number];

/**
 * The sub-scores the composite left out for want of data, in the page's language: their weights
 * went to the others, or, when none of the weighted ones has data, there is no composite.
 */
function leftOutText(ctx: PageContext, c: Scorecard['periods'][number]['composite']): string | null {
  if (c.leftOut.length === 0) return null;
  const list = ctx.t.list(c.leftOut.map((k) => ctx.t.t(`scorecard.${k}`)));
  return c.score === null ? ` (${ctx.t.t('scorecard.noComposite', { list })})` : ` — ${ctx.t.t('scorecard.leftOut', { list, count: c.leftOut.length })}`;
}

/** Why an input has no data, in the page's language. */
function whyText(ctx: PageContext, i: ScoreInputJson): string | null {
  if (i.why === null) return null;
  const { reason, ...values } = i.why;
  return ctx.t.t(`scorecard.why.${reason}` as MessageKey, values);
}

export function alertsPage(ctx: PageContext, v: Alerts): string {
  const { t } = ctx;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('alerts.title')}>
      <form method="get" action="/alerts" class="inline">
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <label for="since">{t.t('common.from')}</label> <input id="since" name="since" type="date" value={v.since} />{' '}
        <label for="at">{t.t('common.to')}</label> <input id="at" name="at" type="date" value={v.at} />{' '}
        <button type="submit">{t.t('common.show')}</button>
      </form>
      <p class="lead">{t.t('alerts.lead', { count: v.alerts.length, since: t.date(v.since), at: t.date(v.at), days: v.windowDays })}</p>
      {v.alerts.length === 0 ? null : (
        <table>
          <thead><tr><th scope="col">{t.t('col.date')}</th><th scope="col">{t.t('alerts.rule')}</th><th scope="col">{t.t('alerts.message')}</th><th scope="col">{t.t('alerts.evidence')}</th></tr></thead>
          <tbody>{v.alerts.map((a) => (
            <tr id={a.id}>
              <td><When ctx={ctx} date={a.at} /></td>
              <td>{t.t(`alerts.rule.${a.rule}` as MessageKey)}</td>
              <td><a href={hrefOf(ctx, a.link)}>{a.messages[ctx.locale]}</a></td>
              <td>{a.evidence.map((e) => `${e.collection}/${e.id}`).join(', ')}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <p class="method">{t.t('alerts.method')}</p>
    </Layout>
  ).toString();
}
