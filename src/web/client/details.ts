/**
 * Island: focusing or hovering a mark of a chart (a meeting, a gap, a development, a bar) writes what
 * its <title> says into the chart's live region, so that keyboard and screen-reader users get what a
 * mouse user's tooltip shows. Marks that link somewhere are links, focusable already; the others with
 * a title are made focusable here. Without the script, the titles still show as tooltips.
 */
for (const figure of Array.from(document.querySelectorAll<HTMLElement>('figure.chart-figure'))) {
  const out = figure.querySelector<HTMLElement>('[data-chart-detail]');
  if (!out) continue;
  for (const title of Array.from(figure.querySelectorAll('svg title'))) {
    const mark = title.parentElement;
    if (mark !== null && mark.closest('a') === null && !mark.hasAttribute('tabindex')) mark.setAttribute('tabindex', '0');
  }
  const show = (target: EventTarget | null): void => {
    if (!(target instanceof Element)) return;
    const title = target.querySelector(':scope > title') ?? (target.tagName.toLowerCase() === 'a' ? target.querySelector('title') : null)
      ?? target.closest('a')?.querySelector('title') ?? null;
    if (title?.textContent) out.textContent = title.textContent;
  };
  figure.addEventListener('focusin', (e) => show(e.target));
  figure.addEventListener('mouseover', (e) => show(e.target));
}
