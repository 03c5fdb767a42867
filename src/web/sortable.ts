/**
 * Browser script that makes every table's column headings sort its rows (by each cell's
 * data-sort value, numerically when both values are numbers), announcing the order with aria-sort.
 * Shipped as text: it is small enough not to need a bundler.
 */
export const SORTABLE_JS = `
for (const table of document.querySelectorAll('table')) {
  const heads = [...table.querySelectorAll('thead th')];
  heads.forEach((th, col) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const descending = th.getAttribute('aria-sort') === 'ascending';
      for (const other of heads) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const body = table.tBodies[0];
      const key = (row) => {
        const cell = row.children[col];
        return cell.dataset.sort ?? cell.textContent.trim();
      };
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a), y = key(b);
        const nx = Number(x), ny = Number(y);
        const c = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
        return descending ? -c : c;
      });
      body.append(...rows);
    });
  });
}
`;
