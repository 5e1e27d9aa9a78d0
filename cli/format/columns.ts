// Aligned columns for the readable output: a header row and one row per item, each column as
// wide as its widest cell (counted in code points without color codes, so "…", "—" and red text do not skew it).
interface Column<T> {
  header: string;
  cell: (row: T) => string;
  align?: 'left' | 'right';
}

// Color codes take no room on screen.
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (s: string) => [...s.replace(ANSI, '')].length;

export function columns<T>(rows: readonly T[], cols: readonly Column<T>[]): string {
  const cells = rows.map((r) => cols.map((c) => c.cell(r).replace(/\s+/g, ' ')));
  const widths = cols.map((c, i) => Math.max(width(c.header), ...cells.map((row) => width(row[i] ?? ''))));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(v));
        return cols[i]?.align === 'right' ? pad + v : i === values.length - 1 ? v : v + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** "Label: value" lines with the labels padded to one width. */
export function fields(pairs: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...pairs.map(([k]) => width(k)));
  return pairs.map(([k, v]) => `${k}${' '.repeat(w - width(k))}  ${v}`).join('\n') + '\n';
}
