/** `/timeline`: the institutional architecture across the years, and its fraying. */
import type { Selection } from '../../app/views/selection.ts';
import type { TimelineView } from '../../app/views/timeline.ts';
import { hrefOf, type PageContext } from '../context.ts';
import { timelineChart } from '../charts.ts';
import PAGE_SCRIPTS from '../client/pages.json' with { type: 'json' };
import { Chart, FrayingFigure, Layout, Legend, SelectionSwitch, Status, Text, When } from '../layout.tsx';

export function timelinePage(ctx: PageContext, v: TimelineView, options: readonly Selection[]): string {
  const { t } = ctx;
  const pair = v.selection.parties.join('–');
  const fromYear = v.from.slice(0, 4);
  const toYear = v.to.slice(0, 4);
  const longest = v.lanes.flatMap((l) => l.gaps.map((g) => ({ lane: l, gap: g })))
    .sort((a, b) => b.gap.days - a.gap.days);
  const href = (path: string): string => hrefOf(ctx, path);
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.t('timeline.title', { pair })} scripts={PAGE_SCRIPTS.timeline}>
      <SelectionSwitch ctx={ctx} current={v.selection} options={options} />
      <form method="get" action="/timeline" class="inline">
        <input type="hidden" name="pair" value={v.selection.key} />
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <label for="from">{t.t('common.fromYear')}</label> <input id="from" name="from" type="number" min="1800" max="2200" value={fromYear} />
        <label for="to">{t.t('common.toYear')}</label> <input id="to" name="to" type="number" min="1800" max="2200" value={toYear} />
        <button type="submit">{t.t('common.show')}</button>
      </form>
      <p class="lead">{t.t('timeline.lead')}</p>

      <FrayingFigure ctx={ctx} points={v.fraying} from={fromYear} to={toYear} />

      <Chart ctx={ctx} id="lanes" title={t.t('chart.timeline.heading')} caption={t.t('chart.timeline.caption')}
        svg={timelineChart(v, t, href)}
        legend={<Legend label={t.t('chart.legend')} items={[
          { label: t.t('chart.timeline.legend.meeting'), className: 'swatch-meeting' },
          { label: t.t('chart.timeline.legend.notHeld'), className: 'swatch-not-held' },
          { label: t.t('chart.timeline.legend.gap'), className: 'swatch-gap' },
          { label: t.t('chart.timeline.legend.life'), className: 'swatch-life' },
          { label: t.t('chart.timeline.legend.development'), className: 'swatch-development' },
          { label: t.t('chart.timeline.legend.election'), className: 'swatch-election' },
          { label: t.t('chart.timeline.legend.terms', { party: v.selection.parties[0] ?? '' }), className: 'swatch-term' },
        ]} />}>
        <table>
          <thead><tr><th scope="col">{t.t('col.mechanism')}</th><th scope="col">{t.t('col.status')}</th><th scope="col">{t.t('col.meetings')}</th><th scope="col">{t.t('col.gaps')}</th></tr></thead>
          <tbody>
            {v.lanes.map((l) => (
              <tr>
                <th scope="row"><a href={hrefOf(ctx, `/mechanisms/${l.mechanism.id}`)}><Text ctx={ctx} text={l.mechanism.names} /></a></th>
                <td><Status ctx={ctx} status={l.status} /></td>
                <td>{l.meetings.filter((m) => m.status === 'held').map((m) => m.date.slice(0, 4)).join(', ') || '—'}</td>
                <td>{l.gaps.map((g) => `${g.from.slice(0, 7)} → ${g.open ? t.t('chart.timeline.openGap') : g.to.slice(0, 7)}`).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>

      <section aria-labelledby="gaps">
        <h2 id="gaps">{t.t('timeline.longestGaps')}</h2>
        <ol>
          {longest.filter(({ gap }) => gap.days >= 3 * 365).map(({ lane, gap }) => (
            <li>
              <a href={hrefOf(ctx, `/mechanisms/${lane.mechanism.id}`)}><Text ctx={ctx} text={lane.mechanism.names} /></a>{': '}
              {t.t('timeline.gapText', { from: t.date(gap.from), to: gap.open ? t.t('chart.timeline.openGap') : t.date(gap.to), days: gap.days, years: t.number(gap.days / 365.25, 1) })}
              {lane.mechanism.meetingRecord === 'partial' ? <> <span class="partial">{t.t('common.partialRecord')}</span></> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="devs">
        <h2 id="devs">{t.t('timeline.developments', { count: v.developments.length })}</h2>
        <ol class="plain">
          {v.developments.map((d) => (
            <li><When ctx={ctx} date={d.date} /> — <Text ctx={ctx} text={d.summary} />{d.confidence === 'uncertain' ? <> <span class="uncertain">({t.t('common.uncertain')})</span></> : null}</li>
          ))}
        </ol>
      </section>
    </Layout>
  ).toString();
}
