/**
 * Island: the column headings of a `table.sortable` sort its rows (by each cell's data-sort value,
 * numerically when both values are numbers), announcing the order with aria-sort. Without it the
 * table reads in the server's order.
 */
for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('table.sortable'))) {
  const heads = Array.from(table.querySelectorAll<HTMLTableCellElement>('thead th'));
  heads.forEach((th, col) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const descending = th.getAttribute('aria-sort') === 'ascending';
      for (const other of heads) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const body = table.tBodies[0];
      if (!body) return;
      const key = (row: HTMLTableRowElement): string => {
        const cell = row.children[col] as HTMLElement | undefined;
        return cell?.dataset.sort ?? cell?.textContent?.trim() ?? '';
      };
      const rows = Array.from(body.rows).sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const nx = Number(x);
        const ny = Number(y);
        const c = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
        return descending ? -c : c;
      });
      body.append(...rows);
    });
  });
}
