import { readCsv } from "./csv.server";
import { oleError } from "./ole2.server";
import { IMPORT_LIMITS, reject, SheetRejected, startsWith, type DetectedFormat, type ReadSheetResult, type SheetGrid } from "./sheet";
import { readXlsx } from "./xlsx.server";

// The first step of the proposal import: an uploaded file's bytes → a grid of trimmed strings.
// The format is recognized by content, never by the file name, and every limit is checked
// before the expensive step it protects: size before parsing, the zip's declared and actual
// expansion before exceljs inflates it (zip.server.ts), rows before the grid is handed on.
// The readers: xlsx.server.ts, csv.server.ts; what an OLE2 file is: ole2.server.ts.

export { IMPORT_LIMITS, type DetectedFormat, type ReadSheetError, type ReadSheetResult, type SheetGrid, type SheetRow } from "./sheet";

/** `_fileName` is accepted for callers' convenience only: names lie, content decides. */
export async function readSheet(bytes: Uint8Array, _fileName?: string): Promise<ReadSheetResult> {
  try {
    return { ok: true, grid: await read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch (error) {
    if (error instanceof SheetRejected) return { ok: false, error: error.error };
    throw error;
  }
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
