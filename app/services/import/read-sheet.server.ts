import ExcelJS from "exceljs";
import Papa from "papaparse";
import { inflateRawSync } from "node:zlib";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "~/schemas/import";

// The first step of the proposal import: an uploaded file's bytes → a grid of trimmed strings.
// The format is recognized by content, never by the file name, and every limit is checked
// before the expensive step it protects: size before parsing, the zip's declared and actual
// expansion before exceljs inflates it, rows before the grid is handed on.

export const IMPORT_LIMITS = {
  maxBytes: IMPORT_MAX_BYTES,
  /** Data rows: non-empty rows after the first non-empty one (the header). */
  maxRows: IMPORT_MAX_ROWS,
  /** All entries of an XLSX together, inflated. A legitimate 50,000-row sheet needs well under 100 MB. */
  maxExpandedBytes: 200 * 1024 * 1024,
  /** Per entry over 1 MB inflated; Excel's own sheets compress 10-20×, padding bombs about 1000×. */
  maxCompressionRatio: 200,
  maxZipEntries: 10_000,
} as const;

/** What a file turned out to be when it is not one we read; lets a message say what to do. */
export type DetectedFormat =
  | "empty"
  | "pdf"
  | "image"
  | "word"
  | "html" // an HTML table saved with an .xls name, as many older systems export
  | "xml" // e.g. Excel 2003 "XML Spreadsheet"
  | "ods"
  | "xlsb"
  | "damaged_xlsx"
  | "archive"
  | "binary";

export type ReadSheetError =
  | { code: "too_large"; maxMb: number }
  | { code: "not_spreadsheet"; detected?: DetectedFormat }
  | { code: "legacy_xls"; encrypted?: boolean } // encrypted: a password-protected .xlsx, which Excel wraps in OLE2 too
  | { code: "expands_too_far" }
  | { code: "too_many_rows"; maxRows: number }
  | { code: "not_text" };

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetGrid {
  format: "xlsx" | "csv";
  encoding?: "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be"; // csv only
  delimiter?: "," | ";" | "\t"; // csv only
  sheetName?: string; // xlsx: the sheet read
  /**
   * Every non-empty row in file order, with its 1-based row number as the user sees it in Excel /
   * a text editor (line number for CSV; a quoted multi-line cell counts as its starting row).
   * Cells trimmed of surrounding whitespace, NFC-normalized, never null ("" for empty); each row
   * ends at its last non-empty cell, so rows may be shorter than the header.
   */
  rows: SheetRow[];
  /** csv only: the line where a quoted cell opens and never closes (it then runs to the end of the file). */
  unclosedQuoteRow?: number;
}

export type ReadSheetResult = { ok: true; grid: SheetGrid } | { ok: false; error: ReadSheetError };

/** `_fileName` is accepted for callers' convenience only: names lie, content decides. */
export async function readSheet(bytes: Uint8Array, _fileName?: string): Promise<ReadSheetResult> {
  try {
    return { ok: true, grid: await read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch (error) {
    if (error instanceof SheetRejected) return { ok: false, error: error.error };
    throw error;
  }
}

class SheetRejected extends Error {
  constructor(readonly error: ReadSheetError) {
    super(error.code);
  }
}

function reject(error: ReadSheetError): never {
  throw new SheetRejected(error);
}

async function read(bytes: Buffer): Promise<SheetGrid> {
  if (bytes.length > IMPORT_LIMITS.maxBytes) reject({ code: "too_large", maxMb: IMPORT_LIMITS.maxBytes / 1024 / 1024 });
  if (bytes.length === 0) reject({ code: "not_spreadsheet", detected: "empty" });
  if (startsWith(bytes, ZIP_MAGIC)) return readXlsx(bytes);
  if (startsWith(bytes, OLE2_MAGIC)) reject(oleError(bytes));
  const binary = BINARY_MAGIC.find(([magic]) => startsWith(bytes, magic));
  if (binary) reject({ code: "not_spreadsheet", detected: binary[1] });
  return readCsv(bytes);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// Formats people upload by mistake whose bytes could otherwise pass for (broken) text.
const BINARY_MAGIC: [number[], DetectedFormat][] = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], "pdf"], // %PDF-
  [[0x89, 0x50, 0x4e, 0x47], "image"], // PNG
  [[0xff, 0xd8, 0xff], "image"], // JPEG
  [[0x47, 0x49, 0x46, 0x38], "image"], // GIF8
  [[0x49, 0x49, 0x2a, 0x00], "image"], // TIFF
  [[0x4d, 0x4d, 0x00, 0x2a], "image"], // TIFF
  [[0x52, 0x49, 0x46, 0x46], "image"], // RIFF (WebP)
  [[0x1f, 0x8b], "archive"], // gzip
  [[0x37, 0x7a, 0xbc, 0xaf], "archive"], // 7z
  [[0x52, 0x61, 0x72, 0x21], "archive"], // Rar!
  [[0x50, 0x4b, 0x05, 0x06], "archive"], // empty zip
];

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

// ---------- legacy OLE2 (.xls, .doc, encrypted .xlsx) ----------

/** Tells an old .xls from a .doc or an encrypted .xlsx by the stream names in the OLE2 directory. */
function oleError(bytes: Buffer): ReadSheetError {
  const names = oleStreamNames(bytes);
  if (names.has("EncryptedPackage")) return { code: "legacy_xls", encrypted: true };
  if (names.has("Workbook") || names.has("Book")) return { code: "legacy_xls" };
  if (names.has("WordDocument")) return { code: "not_spreadsheet", detected: "word" };
  // an unreadable directory: the likeliest OLE2 file at a spreadsheet import is an .xls
  return names.size === 0 ? { code: "legacy_xls" } : { code: "not_spreadsheet", detected: "binary" };
}

/** The names in a Compound File Binary directory ([MS-CFB] 2.2, 2.6); empty when it cannot be followed. */
function oleStreamNames(bytes: Buffer): Set<string> {
  const names = new Set<string>();
  try {
    const sectorSize = 1 << bytes.readUInt16LE(0x1e);
    if (sectorSize !== 512 && sectorSize !== 4096) return names;
    const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
    // the first 109 FAT sectors are listed in the header; the directory of any file we accept is within them
    const fatSectors: number[] = [];
    for (let index = 0; index < 109; index++) {
      const sector = bytes.readUInt32LE(0x4c + index * 4);
      if (sector >= 0xfffffffa) break;
      fatSectors.push(sector);
    }
    const entriesPerFatSector = sectorSize / 4;
    const nextSector = (sector: number): number => {
      const fatSector = fatSectors[Math.floor(sector / entriesPerFatSector)];
      if (fatSector === undefined) return 0xfffffffe;
      return bytes.readUInt32LE(sectorOffset(fatSector) + (sector % entriesPerFatSector) * 4);
    };
    let sector = bytes.readUInt32LE(0x30);
    for (let visited = 0; sector < 0xfffffffa && visited < 1000; visited++) {
      const start = sectorOffset(sector);
      if (start + sectorSize > bytes.length) break;
      for (let entry = start; entry < start + sectorSize; entry += 128) {
        const nameLength = bytes.readUInt16LE(entry + 0x40);
        if (nameLength >= 2 && nameLength <= 64) names.add(bytes.toString("utf16le", entry, entry + nameLength - 2));
      }
      sector = nextSector(sector);
    }
  } catch {
    // a truncated header or FAT: whatever names were read still count
  }
  return names;
}

// ---------- zip (XLSX) ----------

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const WORKSHEET_ENTRY = /^\/?xl\/worksheets\/sheet\d+\.xml$/;

async function readXlsx(bytes: Buffer): Promise<SheetGrid> {
  const entries = zipEntries(bytes);
  const names = new Set(entries.map((entry) => entry.name.replace(/^\//, "")));
  if (!names.has("xl/workbook.xml")) reject({ code: "not_spreadsheet", detected: zipContent(bytes, names) });
  checkDeclaredExpansion(entries);
  // Inflate every entry ourselves, capped at its declared size, before exceljs (JSZip) inflates it
  // again without a cap: a header that lies about its size is caught here, and the sheets' rows
  // are counted before exceljs builds a million of them.
  for (const entry of entries) {
    const content = inflateEntry(bytes, entry);
    if (WORKSHEET_ENTRY.test(entry.name) && countValueRows(content) - 1 > IMPORT_LIMITS.maxRows) {
      reject({ code: "too_many_rows", maxRows: IMPORT_LIMITS.maxRows });
    }
  }

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(bytes).buffer); // exceljs's types ask for an ArrayBuffer
  } catch {
    reject({ code: "not_spreadsheet", detected: "damaged_xlsx" });
  }
  // the first visible worksheet with data; a hidden one only when no visible one has any
  const sheets = [...workbook.worksheets.filter((sheet) => sheet.state === "visible"), ...workbook.worksheets.filter((sheet) => sheet.state !== "visible")];
  for (const sheet of sheets) {
    const rows = worksheetRows(sheet);
    if (rows.length > 0) {
      if (rows.length - 1 > IMPORT_LIMITS.maxRows) reject({ code: "too_many_rows", maxRows: IMPORT_LIMITS.maxRows });
      return { format: "xlsx", sheetName: sheet.name, rows };
    }
  }
  return { format: "xlsx", sheetName: sheets[0]?.name, rows: [] };
}

/** The zip's central directory (APPNOTE 4.3.12-4.3.16), ZIP64 sizes included. */
function zipEntries(bytes: Buffer): ZipEntry[] {
  const damaged = () => reject({ code: "not_spreadsheet", detected: "archive" });
  try {
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), Math.max(0, bytes.length - 22));
    if (eocd < 0 || eocd < bytes.length - 22 - 0xffff) return damaged();
    let count = bytes.readUInt16LE(eocd + 10);
    let offset = bytes.readUInt32LE(eocd + 16);
    if (count === 0xffff || offset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || bytes.readUInt32LE(locator) !== 0x07064b50) return damaged();
      const zip64Eocd = safeNumber(bytes.readBigUInt64LE(locator + 8));
      if (bytes.readUInt32LE(zip64Eocd) !== 0x06064b50) return damaged();
      count = safeNumber(bytes.readBigUInt64LE(zip64Eocd + 32));
      offset = safeNumber(bytes.readBigUInt64LE(zip64Eocd + 48));
    }
    if (count > IMPORT_LIMITS.maxZipEntries) reject({ code: "expands_too_far" });

    const entries: ZipEntry[] = [];
    for (let index = 0; index < count; index++) {
      if (bytes.readUInt32LE(offset) !== 0x02014b50) return damaged();
      const nameLength = bytes.readUInt16LE(offset + 28);
      const extraLength = bytes.readUInt16LE(offset + 30);
      const commentLength = bytes.readUInt16LE(offset + 32);
      const nameStart = offset + 46;
      const entry: ZipEntry = {
        name: bytes.toString("utf8", nameStart, nameStart + nameLength),
        flags: bytes.readUInt16LE(offset + 8),
        method: bytes.readUInt16LE(offset + 10),
        compressedSize: bytes.readUInt32LE(offset + 20),
        uncompressedSize: bytes.readUInt32LE(offset + 24),
        localHeaderOffset: bytes.readUInt32LE(offset + 42),
      };
      readZip64Extra(bytes, nameStart + nameLength, extraLength, entry);
      entries.push(entry);
      offset = nameStart + nameLength + extraLength + commentLength;
    }
    return entries;
  } catch (error) {
    if (error instanceof SheetRejected) throw error;
    return damaged(); // an offset beyond the end of the file
  }
}

/** ZIP64 extended information (APPNOTE 4.5.3): only the fields saturated in the header, in order. */
function readZip64Extra(bytes: Buffer, start: number, length: number, entry: ZipEntry) {
  for (let field = start; field + 4 <= start + length; ) {
    const id = bytes.readUInt16LE(field);
    const size = bytes.readUInt16LE(field + 2);
    if (id === 0x0001) {
      let at = field + 4;
      const next = () => {
        const value = safeNumber(bytes.readBigUInt64LE(at));
        at += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    field += 4 + size;
  }
}

/** A 64-bit size as a number; anything past 2^53 is a bomb's declaration anyway. */
function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** What a zip without a workbook holds, from its entry names. */
function zipContent(bytes: Buffer, names: Set<string>): DetectedFormat {
  if (names.has("xl/workbook.bin")) return "xlsb";
  if (names.has("word/document.xml")) return "word";
  if (names.has("content.xml") && bytes.subarray(0, 200).includes("opendocument.spreadsheet")) return "ods";
  return "archive";
}

function checkDeclaredExpansion(entries: ZipEntry[]) {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (total > IMPORT_LIMITS.maxExpandedBytes || (entry.uncompressedSize > 1024 * 1024 && ratio > IMPORT_LIMITS.maxCompressionRatio)) {
      reject({ code: "expands_too_far" });
    }
  }
}

/** One entry's content, inflated to at most its declared size. */
function inflateEntry(bytes: Buffer, entry: ZipEntry): Buffer {
  const damaged = () => reject({ code: "not_spreadsheet", detected: "damaged_xlsx" });
  // bit 0: encrypted (zip passwords); JSZip reads neither that nor methods other than stored and deflated
  if (entry.flags & 1 || (entry.method !== 0 && entry.method !== 8)) damaged();
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) damaged();
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const compressed = bytes.subarray(start, start + entry.compressedSize);
  if (compressed.length !== entry.compressedSize) damaged();
  if (entry.method === 0 || (entry.compressedSize === 0 && entry.uncompressedSize === 0)) {
    if (entry.compressedSize !== entry.uncompressedSize) damaged();
    return compressed;
  }
  let content: Buffer;
  try {
    content = inflateRawSync(compressed, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
  } catch (error) {
    if (error instanceof RangeError) reject({ code: "expands_too_far" }); // ERR_BUFFER_TOO_LARGE: more than declared
    return damaged();
  }
  if (content.length !== entry.uncompressedSize) damaged();
  return content;
}

/**
 * `<row>` elements holding at least one value (`<v>` or an inline string `<is>`) in a sheet's
 * XML: an upper bound of the rows exceljs will give, counted without parsing. Rows that only
 * carry formatting are not counted, so a template bordered down to row 100,000 still passes.
 */
function countValueRows(xml: Buffer): number {
  let count = 0;
  // the next value tags at or after the cursor, found once and reused until passed: linear time
  let nextValue = -1;
  let nextInline = -1;
  for (let at = xml.indexOf("<row"); at >= 0; at = xml.indexOf("<row", at + 4)) {
    const after = xml[at + 4];
    if (after !== 0x20 && after !== 0x3e && after !== 0x2f && after !== 0x09 && after !== 0x0a && after !== 0x0d) continue; // <rowBreaks>
    const tagEnd = xml.indexOf(">", at);
    if (tagEnd < 0) break;
    if (xml[tagEnd - 1] === 0x2f) continue; // <row .../> has no cells
    const rowEnd = xml.indexOf("</row>", tagEnd);
    if (rowEnd < 0) break;
    if (nextValue < tagEnd) nextValue = indexOfOrEnd(xml, "<v>", tagEnd);
    if (nextInline < tagEnd) nextInline = indexOfOrEnd(xml, "<is>", tagEnd);
    if (nextValue < rowEnd || nextInline < rowEnd) count++;
    at = rowEnd;
  }
  return count;
}

function indexOfOrEnd(xml: Buffer, tag: string, from: number): number {
  const at = xml.indexOf(tag, from);
  return at < 0 ? xml.length : at;
}

// ---------- XLSX cells ----------

function worksheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length - 1 > IMPORT_LIMITS.maxRows) return; // already refused; skip the rest cheaply
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = cellText(cell);
    });
    const trimmed = withoutTrailingEmpty(Array.from(cells, (text) => text ?? ""));
    if (trimmed.length > 0) rows.push({ rowNumber, cells: trimmed });
  });
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  // exceljs answers a merged cell's value with the top-left cell's; the user sees it once
  if (cell.type === ExcelJS.ValueType.Merge) return "";
  return valueText(cell.value).normalize("NFC").trim();
}

type CellResult = ExcelJS.CellFormulaValue["result"];

function valueText(value: ExcelJS.CellValue | CellResult): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("error" in value) return value.error;
  if ("richText" in value) return richText(value);
  if ("hyperlink" in value) {
    // a loaded hyperlink's text is rich text when the link text is formatted
    const text: unknown = value.text;
    return typeof text === "string" ? text : isRichText(text) ? richText(text) : "";
  }
  if ("result" in value) return valueText(value.result); // formula: its cached result
  return "";
}

function isRichText(value: unknown): value is ExcelJS.CellRichTextValue {
  return typeof value === "object" && value !== null && Array.isArray((value as { richText?: unknown }).richText);
}

function richText(value: ExcelJS.CellRichTextValue): string {
  return value.richText.map((run) => run.text).join("");
}

/** Whole numbers as plain digits (an amount in VND typed as 4250000000), others as Excel shows them: 15 significant digits. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const rounded = Number(value.toPrecision(15));
  return Number.isInteger(rounded) ? numberText(rounded) : String(rounded);
}

/** exceljs turns date-formatted serials into Dates at UTC midnight; the wall clock reads in UTC. */
function dateText(value: Date): string {
  const time = value.getTime();
  if (Number.isNaN(time)) return "";
  const seconds = Math.round(time / 1000);
  const date = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = seconds % 86_400 === 0 ? "" : `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${date.getUTCSeconds() ? `:${pad(date.getUTCSeconds())}` : ""}`;
  if (date.getUTCFullYear() < 1900) return clock; // a time of day alone, on Excel's day zero
  const day = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  return clock ? `${day} ${clock}` : day;
}

function withoutTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

// ---------- CSV ----------

type Encoding = NonNullable<SheetGrid["encoding"]>;
type Delimiter = NonNullable<SheetGrid["delimiter"]>;

function readCsv(bytes: Buffer): SheetGrid {
  const { text, encoding } = decodeText(bytes);
  // C0 controls other than tab, line breaks, VT and FF do not occur in text
  // eslint-disable-next-line no-control-regex -- finding them is the point
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) reject({ code: "not_spreadsheet", detected: "binary" });
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
