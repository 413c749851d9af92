/**
 * CSV for spreadsheets, as pure functions. Every export of the plugin writes its cells here, so
 * that none can be read as a formula by the spreadsheet that opens it (CSV injection).
 */

/** One cell: quoted when needed, and never a formula (a leading =, +, -, @, tab or CR gets a '). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, CRLF-terminated as RFC 4180 says. */
export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole table: the header, then each row's cells in the header's order. */
export function csvTable<Row>(columns: ReadonlyArray<{ header: string; value: (row: Row) => string | number | boolean | null | undefined }>, rows: readonly Row[]): string {
  return csvLine(columns.map((column) => column.header)) + rows.map((row) => csvLine(columns.map((column) => column.value(row)))).join('');
}
