/** `/mechanisms/:id`: one mechanism in full. */
import type { MechanismView } from '../../app/views/mechanism.ts';
import { hrefOf, type PageContext } from '../context.ts';
import type { MessageKey } from '../i18n.ts';
import PAGE_SCRIPTS from '../client/pages.json' with { type: 'json' };
import { English, Layout, SourceList, Status, Text, When } from '../layout.tsx';

export function mechanismPage(ctx: PageContext, v: MechanismView): string {
  const { t } = ctx;
  const m = v.mechanism;
  const h = v.health;
  const cadence = m.cadence.kind === 'every-n-months' ? t.t('cadence.everyNMonths', { months: m.cadence.months }) : t.t(`cadence.${m.cadence.kind}` as MessageKey);
  return '<!doctype html>' + (
    <Layout ctx={ctx} title={t.localized(m.names).text} scripts={PAGE_SCRIPTS.mechanism}>
      {t.localized(m.names).fallback ? <p><Text ctx={ctx} text={m.names} /></p> : null}
      <form method="get" action={`/mechanisms/${m.id}`} class="inline">
        {ctx.langInUrl ? <input type="hidden" name="lang" value={ctx.locale} /> : null}
        <label for="at">{t.t('common.at')}</label> <input id="at" name="at" type="date" value={v.at} />
        <button type="submit">{t.t('common.show')}</button>
      </form>
      <dl class="facts">
        <dt>{t.t('mechanism.kind')}</dt><dd>{t.t(`kind.${m.kind}` as MessageKey)}{m.acronym ? ` (${m.acronym})` : ''}</dd>
        <dt>{t.t('mechanism.parties')}</dt><dd>{v.parties.map((p) => t.localized(p.names).text).join(', ')}</dd>
        <dt>{t.t('mechanism.cadence')}</dt><dd>{cadence}{m.cadenceNote ? <> — <English ctx={ctx} text={m.cadenceNote} /></> : null}</dd>
        <dt>{t.t('mechanism.founded')}</dt><dd><When ctx={ctx} date={m.founded} /></dd>
        {m.ended !== null ? <><dt>{t.t('mechanism.ended')}</dt><dd><When ctx={ctx} date={m.ended} />{v.replacedBy ? <> — {t.t('mechanism.replacedBy')} <a href={hrefOf(ctx, `/mechanisms/${v.replacedBy.id}`)}><Text ctx={ctx} text={v.replacedBy.names} /></a></> : null}</dd></> : null}
        <dt>{t.t('mechanism.status', { date: t.date(v.at) })}</dt><dd><Status ctx={ctx} status={h.status} /></dd>
        <dt>{t.t('col.lastMeeting')}</dt><dd><When ctx={ctx} date={h.lastMeeting} /></dd>
        <dt>{t.t('col.nextExpected')}</dt><dd><When ctx={ctx} date={h.nextExpected} /></dd>
        {h.schedule !== null ? <><dt>{t.t('mechanism.schedule')}</dt><dd>{t.t('mechanism.scheduleText', { due: t.date(h.schedule.dueFrom), overdue: t.date(h.schedule.overdueFrom), lapsed: t.date(h.schedule.lapsedFrom) })}</dd></> : null}
        <dt>{t.t('mechanism.issues')}</dt><dd>{v.issueAreas.length === 0 ? '—' : v.issueAreas.map((a, i) => <>{i > 0 ? ', ' : ''}<Text ctx={ctx} text={a.names} /></>)}</dd>
        <dt>{t.t('mechanism.record')}</dt><dd>{t.t(`mechanism.record.${m.meetingRecord}` as MessageKey)}</dd>
        {m.confidence === 'uncertain' ? <><dt>{t.t('common.confidence')}</dt><dd class="uncertain">{t.t('common.uncertain')}</dd></> : null}
      </dl>
      {m.description ? <p><English ctx={ctx} text={m.description} /></p> : null}

      <section aria-labelledby="agencies">
        <h2 id="agencies">{t.t('mechanism.agencies')}</h2>
        {v.agencies.length === 0 ? <p>{t.t('mechanism.noAgencies')}</p> : (
          <ul>{v.agencies.map((a) => <li>{a.party}: <Text ctx={ctx} text={a.names} /></li>)}</ul>
        )}
      </section>

      <section aria-labelledby="gaps">
        <h2 id="gaps">{t.t('mechanism.gaps', { count: h.gaps.length })}</h2>
        {h.gaps.length === 0 ? <p>{t.t('mechanism.noGaps')}</p> : (
          <ul>{h.gaps.map((g) => <li>{t.t('timeline.gapText', { from: t.date(g.from), to: g.open ? t.t('chart.timeline.openGap') : t.date(g.to), days: g.days, years: t.number(g.days / 365.25, 1) })}</li>)}</ul>
        )}
      </section>

      <section aria-labelledby="meetings">
        <h2 id="meetings">{t.t('mechanism.meetings', { count: v.meetings.length })}</h2>
        {v.meetings.map((mt) => (
          <article class="meeting" id={mt.id} aria-labelledby={`${mt.id}-h`}>
            <h3 id={`${mt.id}-h`}><When ctx={ctx} date={mt.date} />{mt.endDate ? <> – <When ctx={ctx} date={mt.endDate} /></> : null}{mt.place ? `, ${mt.place}` : ''}</h3>
            <p>
              {t.t(`level.${mt.level}` as MessageKey)}
              {mt.number ? ` · ${t.t('mechanism.number', { n: mt.number })}` : ''}
              {mt.virtual ? ` · ${t.t('mechanism.virtual')}` : ''}
              {mt.status !== 'held' ? <> · <strong>{t.t(`meeting.status.${mt.status}` as MessageKey)}</strong></> : null}
              {mt.confidence === 'uncertain' ? <> · <span class="uncertain">{t.t('common.uncertain')}</span></> : null}
            </p>
            {mt.participants.length > 0 ? <p>{t.t('mechanism.participants')}: <English ctx={ctx} text={mt.participants.join('; ')} /></p> : null}
            {mt.outcome ? <p>{t.t('mechanism.outcome')}: <English ctx={ctx} text={mt.outcome} /></p> : null}
            <SourceList ctx={ctx} ids={mt.sources} sources={v.sources} />
          </article>
        ))}
      </section>

      <section aria-labelledby="commitments">
        <h2 id="commitments">{t.t('mechanism.commitments', { count: v.commitments.length })}</h2>
        {v.commitments.length === 0 ? <p>{t.t('mechanism.noCommitments')}</p> : (
          <ul>{v.commitments.map((c) => <li id={c.id}>{c.owner}: <English ctx={ctx} text={c.text} /> (<When ctx={ctx} date={c.date} />{c.dueDate ? <>; {t.t('commitments.due')} <When ctx={ctx} date={c.dueDate} /></> : null})</li>)}</ul>
        )}
      </section>

      <section aria-labelledby="msources">
        <h2 id="msources">{t.t('mechanism.sources')}</h2>
        <SourceList ctx={ctx} ids={m.sources} sources={v.sources} />
      </section>
    </Layout>
  ).toString();
}
