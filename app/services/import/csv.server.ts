import Papa from "papaparse";
import { hasControlCharacters } from "~/domain/text";
import { IMPORT_LIMITS, reject, startsWith, withoutTrailingEmpty, type SheetGrid, type SheetRow } from "./sheet";

// A text file as a grid: its encoding (BOM, else UTF-16 told by its zero bytes, else UTF-8),
// its delimiter (Excel's "sep=" line, else the one that splits the most lines alike), and each
// row's line number as an editor shows it.

type Encoding = NonNullable<SheetGrid["encoding"]>;
type Delimiter = NonNullable<SheetGrid["delimiter"]>;

export function readCsv(bytes: Buffer): SheetGrid {
  const { text, encoding } = decodeText(bytes);
  if (hasControlCharacters(text)) reject({ code: "not_spreadsheet", detected: "binary" });
  const markup = /^\s*<(\?xml|!doctype html|html|table|head|body|meta)\b/i.exec(text);
  if (markup) reject({ code: "not_spreadsheet", detected: markup[1] === "?xml" ? "xml" : "html" });
  // Once for the whole text. Every line break becomes LF, as Excel stores one inside a cell and
  // so a file with mixed endings still splits at each: the line count an editor shows is kept.
  const normalized = text.normalize("NFC").replace(/\r\n?/g, "\n");
  // Excel writes and honours a first line "sep=;" naming the delimiter
  const sepLine = /^sep=([,;\t])\n/.exec(normalized);
  const delimiter = sepLine ? (sepLine[1] as Delimiter) : guessDelimiter(normalized);
  const rows: SheetRow[] = [];
  let unclosedQuoteRow: number | undefined;
  let line = 1;
  let counted = 0; // the offset up to which line breaks are counted in `line`
  let rowStart = 0;
  Papa.parse<string[]>(normalized, {
    delimiter,
    newline: "\n",
    step: (result, parser) => {
      line += lineBreaks(normalized, counted, rowStart);
      counted = rowStart;
      const cells = withoutTrailingEmpty(result.data.map((cell) => cell.trim()));
      if (cells.length > 0 && !(sepLine && rowStart === 0)) rows.push({ rowNumber: line, cells });
      if (result.errors.some((error) => error.code === "MissingQuotes")) unclosedQuoteRow = line;
      rowStart = result.meta.cursor;
      if (rows.length - 1 > IMPORT_LIMITS.maxRows) parser.abort();
    },
  });
  if (rows.length - 1 > IMPORT_LIMITS.maxRows) reject({ code: "too_many_rows", maxRows: IMPORT_LIMITS.maxRows });
  return { format: "csv", encoding, delimiter, rows, ...(unclosedQuoteRow ? { unclosedQuoteRow } : {}) };
}

function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at >= 0 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function decodeText(bytes: Buffer): { text: string; encoding: Encoding } {
  const encoding = textEncoding(bytes);
  const bomLength = { "utf-8": 0, "utf-8-bom": 3, "utf-16le": 0, "utf-16be": 0 }[encoding];
  let body = bytes.subarray(bomLength);
  if (encoding === "utf-16le" || encoding === "utf-16be") {
    if (body.length % 2 !== 0) reject({ code: "not_text" });
    if (encoding === "utf-16be") body = Buffer.from(body).swap16();
    const bom = body[0] === 0xff && body[1] === 0xfe ? 2 : 0;
    body = body.subarray(bom);
  }
  try {
    const label = encoding === "utf-16le" || encoding === "utf-16be" ? "utf-16le" : "utf-8";
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body), encoding };
  } catch {
    // text in a legacy code page (Windows-1258, TCVN3, latin1) has no control bytes; binary does
    const sample = bytes.subarray(0, 65_536);
    const binary = sample.some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d);
    reject(binary ? { code: "not_spreadsheet", detected: "binary" } : { code: "not_text" });
  }
}

/** The BOM decides; without one, UTF-16 shows as a zero byte in most pairs (ASCII), always on the same side. */
function textEncoding(bytes: Buffer): Encoding {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return "utf-8-bom";
  if (startsWith(bytes, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(bytes, [0xfe, 0xff])) return "utf-16be";
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  let zeroFirst = 0;
  let zeroSecond = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (bytes[pair * 2] === 0) zeroFirst++;
    if (bytes[pair * 2 + 1] === 0) zeroSecond++;
  }
  if (pairs >= 2 && zeroSecond >= pairs * 0.3 && zeroFirst <= pairs * 0.01) return "utf-16le";
  if (pairs >= 2 && zeroFirst >= pairs * 0.3 && zeroSecond <= pairs * 0.01) return "utf-16be";
  return "utf-8";
}

const DELIMITERS: Delimiter[] = [",", ";", "\t"];

/**
 * The delimiter that splits the most of the first 30 lines into the same number of cells (more
 * than one), ties going to the larger count. Each candidate parses the lines with quotes, so
 * "Bộ, ngành" in quotes does not count for the comma; a title line or a few ragged lines do
 * not outvote the rest. (papaparse's own guess gives up on a few blank lines.)
 */
function guessDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 256 * 1024);
  let best: { delimiter: Delimiter; lines: number; cells: number } = { delimiter: ",", lines: 0, cells: 0 };
  for (const delimiter of DELIMITERS) {
    const { data } = Papa.parse<string[]>(sample, { delimiter, preview: 30 });
    const linesByCells = new Map<number, number>();
    for (const row of data) if (row.length > 1) linesByCells.set(row.length, (linesByCells.get(row.length) ?? 0) + 1);
    for (const [cells, lines] of linesByCells) {
      if (lines > best.lines || (lines === best.lines && cells > best.cells)) best = { delimiter, lines, cells };
    }
  }
  return best.delimiter;
}
