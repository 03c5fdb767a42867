/** `/agenda`, `/calendar`, `/commitments`, `/sources`: the registry's tables. */
import type { AgendaView } from '../../app/views/agenda.ts';
import type { CalendarView } from '../../app/views/calendar.ts';
import type { CommitmentsView } from '../../app/views/commitments.ts';
import type { Selection } from '../../app/views/selection.ts';
import type { SourcesView } from '../../app/views/sources.ts';
import { SETTLING_DAYS } from '../../domain/cadence/proposals.ts';
import type { Development } from '../../domain/registry/schema.ts';
import { hrefOf, type PageContext } from '../context.ts';
import type { MessageKey } from '../i18n.ts';
import PAGE_SCRIPTS from '../client/pages.json' with { type: 'json' };
import { English, Layout, SelectionSwitch, SourceList, Status, Text, When } from '../layout.tsx';

export function agendaPage(ctx: PageContext, v: AgendaView, options: readonly Selection[]): string {
  const { t } = ctx;
  const pair = v.selection.parties.join('–');
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('agenda.title', { pair })}>
      <SelectionSwitch ctx={ctx} current={v.selection} options={options} />
      <p class="lead">{t.t('agenda.lead', { date: t.date(v.at) })}</p>
      {v.holes.length > 0 ? <p class="caveat">{t.t('agenda.holes', { count: v.holes.length })}</p> : <p>{t.t('agenda.noHoles')}</p>}
      <table class="agenda">
        <caption>{t.t('agenda.caption')}</caption>
        <thead><tr>
          <th scope="col">{t.t('col.issue')}</th>
          {v.parties.map((p) => <th scope="col">{t.t('agenda.drivers', { party: t.localized(p.names).text })}</th>)}
          <th scope="col">{t.t('col.mechanisms')}</th>
          <th scope="col">{t.t('col.coverage')}</th>
        </tr></thead>
        <tbody>
          {v.rows.map((r) => (
            <tr id={r.issueArea.id}>
              <th scope="row"><Text ctx={ctx} text={r.issueArea.names} /></th>
              {r.drivers.map((d) => (
                <td>{d.drivers.length === 0 ? <span class="none">{t.t('agenda.noDriver')}</span> : (
                  <ul class="plain">{d.drivers.map((x) => <li><English ctx={ctx} text={x.text} /><SourceList ctx={ctx} ids={x.sources} sources={v.sources} /></li>)}</ul>
                )}</td>
              ))}
              <td>{r.mechanisms.length === 0 ? '—' : (
                <ul class="plain">{r.mechanisms.map(({ mechanism, health }) => <li><a href={hrefOf(ctx, `/mechanisms/${mechanism.id}`)}><Text ctx={ctx} text={mechanism.names} /></a> <Status ctx={ctx} status={health.status} /></li>)}</ul>
              )}</td>
              <td class={`coverage-${r.coverage}`}><strong>{t.t(`coverage.${r.coverage}` as MessageKey)}</strong></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t.t('agenda.method')}</p>
    </Layout>
  ).toString();
}

export function calendarPage(ctx: PageContext, v: CalendarView, options: readonly Selection[]): string {
  const { t } = ctx;
  const pair = v.selection.parties.join('–');
  const c = v.calendar;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('calendar.title', { pair })}>
      <SelectionSwitch ctx={ctx} current={v.selection} options={options} />
      <p class="lead">{c.coincidences.length > 0 ? t.t('calendar.coincideAll', { parties: pair, years: c.coincidences.join(', '), from: c.from, to: c.to }) : t.t('calendar.noCoincidence')}</p>
      {v.selection.parties.length > 2 ? (
        <ul>{c.pairCoincidences.map((pc) => <li>{pc.parties.join('–')}: {pc.years.join(', ') || '—'}</li>)}</ul>
      ) : null}

      <section aria-labelledby="proposals">
        <h2 id="proposals">{t.t('calendar.proposals')}</h2>
        <p>{t.t('calendar.rule', { days: SETTLING_DAYS })}</p>
        <table>
          <thead><tr><th scope="col">{t.t('col.mechanism')}</th><th scope="col">{t.t('col.status')}</th><th scope="col">{t.t('col.nextExpected')}</th><th scope="col">{t.t('calendar.window')}</th><th scope="col">{t.t('calendar.avoids')}</th></tr></thead>
          <tbody>{v.proposals.map(({ mechanism, proposal }) => (
            <tr>
              <th scope="row"><a href={hrefOf(ctx, `/mechanisms/${mechanism.id}`)}><Text ctx={ctx} text={mechanism.names} /></a></th>
              <td><Status ctx={ctx} status={proposal.status} /></td>
              <td><When ctx={ctx} date={proposal.nextExpected} /></td>
              <td><When ctx={ctx} date={proposal.from} /> – <When ctx={ctx} date={proposal.to} /></td>
              <td>{proposal.avoided.length === 0 ? '—' : proposal.avoided.map((w) => `${w.party} ${w.from.slice(0, 4)}`).join(', ')}</td>
            </tr>
          ))}</tbody>
        </table>
      </section>

      <section aria-labelledby="windows">
        <h2 id="windows">{t.t('calendar.windows')}</h2>
        <table>
          <thead><tr><th scope="col">{t.t('col.party')}</th><th scope="col">{t.t('col.election')}</th><th scope="col">{t.t('col.basis')}</th><th scope="col">{t.t('col.from')}</th><th scope="col">{t.t('col.to')}</th><th scope="col">{t.t('col.days')}</th></tr></thead>
          <tbody>{c.transitionWindows.map((w) => (
            <tr><td>{w.party}</td><td>{w.election}</td><td>{t.t(`basis.${w.basis}` as MessageKey)}</td><td><When ctx={ctx} date={w.from} /></td><td><When ctx={ctx} date={w.to} /></td><td>{w.days}{w.estimated ? ` (${t.t('common.estimated')})` : ''}</td></tr>
          ))}</tbody>
        </table>
        {c.overlaps.length > 0 ? (
          <>
            <h3>{t.t('calendar.overlaps')}</h3>
            <ul>{c.overlaps.map((o) => <li>{o.parties.join('–')}: <When ctx={ctx} date={o.from} /> – <When ctx={ctx} date={o.to} /> ({o.days} {t.t('col.days')})</li>)}</ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="terms">
        <h2 id="terms">{t.t('calendar.terms')}</h2>
        <table>
          <thead><tr><th scope="col">{t.t('col.party')}</th><th scope="col">{t.t('col.head')}</th><th scope="col">{t.t('col.office')}</th><th scope="col">{t.t('col.from')}</th><th scope="col">{t.t('col.to')}</th></tr></thead>
          <tbody>{v.terms.map((x) => (
            <tr><td>{x.party}</td><td>{x.person}</td><td><Text ctx={ctx} text={x.office} /></td><td><When ctx={ctx} date={x.start} /></td><td>{x.end === null ? t.t('calendar.inOffice') : <><When ctx={ctx} date={x.end} />{x.endScheduled ? ` (${t.t('calendar.scheduled')})` : ''}</>}</td></tr>
          ))}</tbody>
        </table>
      </section>

      <section aria-labelledby="elections">
        <h2 id="elections">{t.t('calendar.elections', { from: c.from, to: c.to })}</h2>
        {v.selection.parties.map((party) => (
          <>
            <h3>{party}</h3>
            <ul class="inline-list">{(c.elections[party] ?? []).map((e) => <li><When ctx={ctx} date={e.date} />{e.basis !== 'recorded' ? ` (${t.t(`basis.${e.basis}` as MessageKey)})` : ''}</li>)}</ul>
          </>
        ))}
      </section>
    </Layout>
  ).toString();
}

const DevelopmentItem = ({ ctx, d }: { ctx: PageContext; d: Development }) => (
  <li id={d.id}><When ctx={ctx} date={d.date} /> ({d.parties.join('–')}, {ctx.t.t(`development.${d.kind}` as MessageKey)}): <Text ctx={ctx} text={d.summary} />{d.confidence === 'uncertain' ? <> <span class="uncertain">({ctx.t.t('common.uncertain')})</span></> : null}</li>
);

export function commitmentsPage(ctx: PageContext, v: CommitmentsView, developments: readonly Development[]): string {
  const { t } = ctx;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('commitments.title')}>
      <p class="lead">{t.t('commitments.lead')}</p>
      <section aria-labelledby="commitments">
        <h2 id="commitments">{t.t('commitments.commitments', { count: v.commitments.length })}</h2>
        {v.commitments.map(({ commitment: c, meeting, mechanism }) => (
          <article class="record" id={c.id} aria-labelledby={`${c.id}-h`}>
            <h3 id={`${c.id}-h`}>{c.owner}: <English ctx={ctx} text={c.text} /></h3>
            <p>
              <When ctx={ctx} date={c.date} />
              {mechanism ? <> · <a href={hrefOf(ctx, `/mechanisms/${mechanism.id}`) + (meeting ? `#${meeting.id}` : '')}><Text ctx={ctx} text={mechanism.names} /></a></> : null}
              {c.document ? <> · <English ctx={ctx} text={c.document} /></> : null}
              {c.dueDate ? <> · {t.t('commitments.due')} <When ctx={ctx} date={c.dueDate} /></> : null}
            </p>
            <p class="compliance">{t.t('commitments.compliancePending')}</p>
            <SourceList ctx={ctx} ids={c.sources} sources={v.sources} />
          </article>
        ))}
      </section>
      <section aria-labelledby="recommendations">
        <h2 id="recommendations">{t.t('commitments.recommendations', { count: v.recommendations.length })}</h2>
        {v.recommendations.map(({ recommendation: r, document, mechanisms }) => (
          <article class="record" id={r.id} aria-labelledby={`${r.id}-h`}>
            <h3 id={`${r.id}-h`}><English ctx={ctx} text={r.text} /></h3>
            <p>{t.t('commitments.by', { author: r.author })} · <When ctx={ctx} date={r.date} /> · {t.t('commitments.addressedTo', { parties: r.addressedTo.join(', ') })}
              {document ? <> · {document.url ? <a href={document.url} rel="noreferrer">{document.title}</a> : document.title}</> : null}</p>
            {mechanisms.length > 0 ? <p>{t.t('col.mechanisms')}: {mechanisms.map((m, i) => <>{i > 0 ? ', ' : ''}<a href={hrefOf(ctx, `/mechanisms/${m.id}`)}><Text ctx={ctx} text={m.names} /></a></>)}</p> : null}
            <SourceList ctx={ctx} ids={r.sources} sources={v.sources} />
          </article>
        ))}
      </section>
      <section aria-labelledby="developments">
        <h2 id="developments">{t.t('commitments.developments', { count: developments.length })}</h2>
        <ol class="plain">{developments.map((d) => <DevelopmentItem ctx={ctx} d={d} />)}</ol>
      </section>
    </Layout>
  ).toString();
}

/** A citing record, linked to the page that shows it. */
const CitationLink = ({ ctx, collection, id }: { ctx: PageContext; collection: string; id: string }) => {
  const label = `${ctx.t.t(`collection.${collection}` as MessageKey)} ${id}`;
  const page = collection === 'mechanisms' ? `/mechanisms/${id}`
    : collection === 'commitments' || collection === 'recommendations' || collection === 'developments' ? `/commitments#${id}`
      : collection === 'issueAreas' ? `/agenda#${id}` : collection === 'assessments' ? `/compliance#${id}` : null;
  return page === null ? <>{label}</> : <a href={hrefOf(ctx, page)}>{label}</a>;
};

export function sourcesPage(ctx: PageContext, v: SourcesView, kind: string | undefined): string {
  const { t } = ctx;
  const kinds = ['official', 'press', 'secondary', 'seed'] as const;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('sources.title')} scripts={PAGE_SCRIPTS.sources}>
      <p class="lead">{t.t('sources.lead', { count: v.sources.length, uncited: v.uncited })}</p>
      <nav aria-label={t.t('sources.filter')} class="pairs">
        <ul>
          <li><a href={hrefOf(ctx, '/sources')} aria-current={kind === undefined ? 'true' : undefined}>{t.t('sources.all')}</a></li>
          {kinds.map((k) => <li><a href={hrefOf(ctx, '/sources', { kind: k })} aria-current={kind === k ? 'true' : undefined}>{t.t(`source.kind.${k}` as MessageKey)} ({v.byKind[k]})</a></li>)}
        </ul>
      </nav>
      <table class="sortable sources-table" id="sources">
        <caption>{t.t('sources.caption')}</caption>
        <thead><tr>
          <th scope="col"><button type="button">{t.t('col.source')}</button></th>
          <th scope="col"><button type="button">{t.t('col.publisher')}</button></th>
          <th scope="col"><button type="button">{t.t('col.date')}</button></th>
          <th scope="col"><button type="button">{t.t('col.kind')}</button></th>
          <th scope="col"><button type="button">{t.t('col.citedBy')}</button></th>
        </tr></thead>
        <tbody>
          {v.sources.map(({ source: s, citedBy }) => (
            <tr id={s.id}>
              <th scope="row" data-sort={s.title}>{s.url ? <a href={s.url} rel="noreferrer">{s.title}</a> : s.title}{s.note ? <p class="note"><English ctx={ctx} text={s.note} /></p> : null}</th>
              <td>{s.publisher}</td>
              <td data-sort={s.date ?? ''}><When ctx={ctx} date={s.date} /></td>
              <td data-sort={s.kind}>{t.t(`source.kind.${s.kind}` as MessageKey)}</td>
              <td data-sort={String(citedBy.length)}>{citedBy.length === 0 ? '—' : citedBy.map((c, i) => <>{i > 0 ? ', ' : ''}<CitationLink ctx={ctx} collection={c.collection} id={c.id} /></>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  ).toString();
}

export function errorPage(ctx: PageContext, status: 400 | 404, message: string): string {
  const { t } = ctx;
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t(status === 404 ? 'error.notFound' : 'error.badRequest')}>
      <p class="error" role="alert">{message}</p>
      <p><a href={hrefOf(ctx, '/')}>{t.t('error.home')}</a></p>
    </Layout>
  ).toString();
}
