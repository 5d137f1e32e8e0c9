// Spreadsheet programs run a CSV cell that starts with = + - or @ as a formula (and some first
// drop a leading tab or carriage return): a title planted as =HYPERLINK(...) would be live in
// Excel. OWASP's remedy, applied to every text cell we write: such a cell starts with an
// apostrophe, which keeps it text. Reading a file removes one apostrophe before such a
// character, so what we write reads back as it was; a text that already starts with
// apostrophes before one gets one more, so no text is mistaken for a written one.

const FORMULA_START = /^[=+\-@\t\r]/;
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r]/;

/** A text cell as a CSV file holds it. Numbers are not text: -5 is written as a number, never quoted. */
export function csvTextCell(text: string): string {
  return FORMULA_START.test(text) || QUOTED_FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text cell as an XLSX file holds it: a string cell there is never a formula, so only an apostrophe already in front is doubled. */
export function xlsxTextCell(text: string): string {
  return QUOTED_FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell read from a CSV or XLSX file: the text before csvTextCell or xlsxTextCell wrote it. */
export function readTextCell(cell: string): string {
  return QUOTED_FORMULA_START.test(cell) ? cell.slice(1) : cell;
}
