/** `/`: the state of a pair or group at a glance. */
import type { DashboardView } from '../../app/views/dashboard.ts';
import { hrefOf, type PageContext } from '../context.ts';
import { netChart } from '../charts.ts';
import type { MessageKey } from '../i18n.ts';
import PAGE_SCRIPTS from '../client/pages.json' with { type: 'json' };
import { Chart, FrayingFigure, Layout, SelectionSwitch, Status, Text, When } from '../layout.tsx';

export function dashboardPage(ctx: PageContext, v: DashboardView): string {
  const { t } = ctx;
  const pair = v.selection.parties.join('–');
  const share = v.tally.shareOnSchedule;
  const title = t.t('dashboard.title', { pair });
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={title} scripts={PAGE_SCRIPTS.dashboard}>
      <SelectionSwitch ctx={ctx} current={v.selection} options={v.selections} />
      <p class="brief-links">
        {(['pdf', 'html'] as const).map((format, i) => {
          const q = new URLSearchParams({ pair: v.selection.key, lang: ctx.locale, format, ...(v.at === ctx.today ? {} : { at: v.at }) });
          return <>{i > 0 ? ' · ' : ''}<a href={`/api/briefs?${q.toString()}`} {...(format === 'pdf' ? { download: '' } : {})}>{t.t(format === 'pdf' ? 'brief.link' : 'brief.linkHtml')}</a></>;
        })}
      </p>
      <form method="get" action="/" class="inline">
        <input type="hidden" name="pair" value={v.selection.key} />
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <label for="at">{t.t('common.at')}</label> <input id="at" name="at" type="date" value={v.at} />
        <button type="submit">{t.t('common.show')}</button>
      </form>

      <section aria-labelledby="standing">
        <h2 id="standing">{t.t('dashboard.standing', { date: t.date(v.at) })}</h2>
        <p class="lead">
          {share === null ? t.t('dashboard.noActive') : t.t('dashboard.share', { share: t.percent(share), active: v.tally.active })}
        </p>
        <ul class="tally">
          {(['onSchedule', 'due', 'overdue', 'lapsed', 'adHoc'] as const).map((k) => {
            const status = { onSchedule: 'on-schedule', due: 'due', overdue: 'overdue', lapsed: 'lapsed', adHoc: 'ad-hoc' }[k];
            return <li class={`tally-${status}`}><span class="n">{t.number(v.tally[k])}</span> <Status ctx={ctx} status={status} /></li>;
          })}
        </ul>
        <FrayingFigure ctx={ctx} points={v.fraying} from={v.fraying[0]?.at.slice(0, 4) ?? ''} to={v.at.slice(0, 4)} height={200} />
        <p><a href={hrefOf(ctx, '/timeline', { pair: v.selection.key === 'USA-MEX' ? undefined : v.selection.key })}>{t.t('dashboard.toTimeline')}</a></p>
        <table class="sortable" id="mechanisms">
          <caption>{t.t('dashboard.mechanismsCaption')}</caption>
          <thead><tr>
            <th scope="col"><button type="button">{t.t('col.mechanism')}</button></th>
            <th scope="col"><button type="button">{t.t('col.status')}</button></th>
            <th scope="col"><button type="button">{t.t('col.lastMeeting')}</button></th>
            <th scope="col"><button type="button">{t.t('col.nextExpected')}</button></th>
          </tr></thead>
          <tbody>
            {v.mechanisms.map(({ mechanism: m, health: h }) => (
              <tr data-id={m.id}>
                <th scope="row" data-sort={t.localized(m.names).text}>
                  <a href={hrefOf(ctx, `/mechanisms/${m.id}`, { at: v.at === ctx.today ? undefined : v.at })}><Text ctx={ctx} text={m.names} /></a>
                  {m.meetingRecord === 'partial' ? <> <span class="partial">{t.t('common.partialRecord')}</span></> : null}
                </th>
                <td data-sort={h.status}><Status ctx={ctx} status={h.status} /></td>
                <td data-sort={h.lastMeeting ?? ''}><When ctx={ctx} date={h.lastMeeting} /></td>
                <td data-sort={h.nextExpected ?? ''}><When ctx={ctx} date={h.nextExpected} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {v.partialRecords.length > 0 ? <p class="caveat">{t.t('dashboard.partialCaveat', { count: v.partialRecords.length })}</p> : null}
      </section>


      <section aria-labelledby="trend">
        <h2 id="trend">{t.t('dashboard.trend')}</h2>
        {v.trend === null
          ? <p class="empty">{t.t('events.none', { pair })} <a href={hrefOf(ctx, '/events', { dyad: v.selection.parties.length === 2 ? v.selection.key : undefined })}>{t.t('events.howToImport')}</a></p>
          : (
            <Chart ctx={ctx} id="trend-chart" title={t.t('chart.net.heading', { pair })} caption={t.t('chart.net.caption', { events: v.eventsStored, shifts: v.trend.shifts.length })}
              svg={netChart(v.trend, t, { height: 180 })}>
              <table>
                <thead><tr><th scope="col">{t.t('col.period')}</th><th scope="col">{t.t('col.events')}</th><th scope="col">{t.t('col.net')}</th></tr></thead>
                <tbody>{v.trend.points.map((p) => <tr><td><When ctx={ctx} date={p.period.slice(0, 7)} /></td><td>{p.events}</td><td>{t.number(p.netCooperation, 2)}</td></tr>)}</tbody>
              </table>
            </Chart>
          )}
        {v.trend !== null ? <p><a href={hrefOf(ctx, '/events', v.selection.parties.length === 2 ? { dyad: v.selection.key } : { group: v.selection.parties.join(',') })}>{t.t('dashboard.explore')}</a></p> : null}
      </section>

      <div class="columns">
        <section aria-labelledby="ahead">
          <h2 id="ahead">{t.t('dashboard.ahead')}</h2>
          {v.windows.current.length > 0 ? (
            <ul>{v.windows.current.map((w) => <li>{t.t('calendar.windowOpen', { party: w.party, from: t.date(w.from), to: t.date(w.to) })}</li>)}</ul>
          ) : null}
          <ul>
            {v.windows.next.map((w) => <li>{t.t('calendar.windowNext', { party: w.party, from: t.date(w.from), to: t.date(w.to), estimated: w.estimated ? 'yes' : 'no' })}</li>)}
          </ul>
          <p>{v.coincidences.length > 0 ? t.t('calendar.coincide', { parties: v.selection.parties.join('–'), years: v.coincidences.slice(0, 3).join(', ') }) : t.t('calendar.noCoincidence')}</p>
          <p><a href={hrefOf(ctx, '/calendar', { pair: v.selection.key })}>{t.t('nav.calendar')}</a></p>
        </section>

        <section aria-labelledby="latest">
          <h2 id="latest">{t.t('dashboard.latestMeetings')}</h2>
          <ol class="plain">
            {v.latestMeetings.map(({ meeting, mechanism }) => (
              <li><When ctx={ctx} date={meeting.date} /> — <a href={hrefOf(ctx, `/mechanisms/${mechanism.id}`, {}) + `#${meeting.id}`}><Text ctx={ctx} text={mechanism.names} /></a>
                {meeting.place ? `, ${meeting.place}` : ''}{meeting.confidence === 'uncertain' ? <> <span class="uncertain">({t.t('common.uncertain')})</span></> : null}</li>
            ))}
          </ol>
        </section>
      </div>

      <section aria-labelledby="developments">
        <h2 id="developments">{t.t('dashboard.developments')}</h2>
        <ol class="plain">
          {v.developments.map((d) => (
            <li><When ctx={ctx} date={d.date} /> — <Text ctx={ctx} text={d.summary} />{d.confidence === 'uncertain' ? <> <span class="uncertain">({t.t('common.uncertain')})</span></> : null}</li>
          ))}
        </ol>
        <p><a href={hrefOf(ctx, '/timeline', { pair: v.selection.key })}>{t.t('dashboard.timelineLink')}</a></p>
      </section>

      <section aria-labelledby="agenda">
        <h2 id="agenda">{t.t('dashboard.agenda')}</h2>
        <ul class="coverage">
          {v.issueAreas.map((a) => (
            <li class={`coverage-${a.coverage}`}><Text ctx={ctx} text={a.names} />: <strong>{t.t(`coverage.${a.coverage}` as MessageKey)}</strong></li>
          ))}
        </ul>
        <p><a href={hrefOf(ctx, '/agenda', { pair: v.selection.key })}>{t.t('nav.agenda')}</a></p>
      </section>
    </Layout>
  ).toString();
}
