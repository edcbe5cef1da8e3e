// A rate card pasted or uploaded into the route form (docs/data-format.md "Rate cards"): the CSV
// `applies_to,id,container,usd,valid_from,valid_to` becomes the request's `rates` rows, and each
// problem the server finds at /rates/N/COLUMN is shown at the card's own line. The form checks only
// the shape (header, number of cells); the server checks every value against the network.

export const RATE_CARD_COLUMNS = ['applies_to', 'id', 'container', 'usd', 'valid_from', 'valid_to'];

export const EXAMPLE_RATE_CARD = `applies_to,id,container,usd,valid_from,valid_to
service,kuryk-alat-ferry,40ft,1100,2026-01-01,
crossing,khorgos-nurzholy,any,500,,`;

// One CSV line as cells: commas separate, double quotes enclose a cell that holds commas or quotes.
function splitCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; ++i) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; ++i; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

// text → {rows, lines, errors}: rows as the API takes them, lines[k] the card's line of rows[k]
// (1 is the header), errors [{line, column, detail}] for what the form can see. Blank lines are
// skipped; an empty card gives no rows and no errors.
export function parseRateCard(text) {
  const rows = [];
  const lines = [];
  const errors = [];
  const all = String(text ?? '').replace(/^\uFEFF/, '').split(/\r?\n/);
  let header = null;
  all.forEach((raw, k) => {
    const line = k + 1;
    if (!raw.trim()) return;
    const cells = splitCsvLine(raw);
    if (!header) {
      header = cells;
      if (cells.join(',') !== RATE_CARD_COLUMNS.join(','))
        errors.push({ line, column: '', detail: `the header must be ${RATE_CARD_COLUMNS.join(',')}` });
      return;
    }
    if (cells.length !== RATE_CARD_COLUMNS.length) {
      errors.push({ line, column: '', detail: `${cells.length} cells where the header has ${RATE_CARD_COLUMNS.length}` });
      return;
    }
    const row = {};
    RATE_CARD_COLUMNS.forEach((c, i) => {
      const v = cells[i];
      if (c === 'valid_from' || c === 'valid_to') row[c] = v === '' ? null : v;
      // A number goes as a number; anything else as typed, for the server to name.
      else if (c === 'usd') row[c] = v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
      else row[c] = v;
    });
    rows.push(row);
    lines.push(line);
  });
  if (header && !rows.length && !errors.length) errors.push({ line: 1, column: '', detail: 'the card has a header but no rows' });
  return { rows, lines, errors };
}

// A problem's finding at /rates/N/COLUMN → {line, column} of the card (null for other pointers).
export function rateCardPlace(pointer, lines) {
  const m = /^\/?rates\/(\d+)(?:\/([a-z_]+))?$/.exec(String(pointer ?? ''));
  if (!m || lines[Number(m[1])] === undefined) return null;
  return { line: lines[Number(m[1])], column: m[2] ?? '' };
}

// "line 3, usd: 'x' is not a number", the card's own words for a finding.
export function rateCardMessage({ line, column, detail }) {
  return `line ${line}${column ? `, ${column}` : ''}: ${detail}`;
}
