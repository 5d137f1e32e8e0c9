import { inflateRawSync } from "node:zlib";
import { IMPORT_LIMITS, reject, SheetRejected, type DetectedFormat } from "./sheet";

// The zip an XLSX is, read by hand before any library inflates it: its central directory, the
// expansion each entry declares and the one it really has, and the rows of each sheet counted
// without parsing. A zip bomb or a million-row sheet is refused here, cheaply.

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const WORKSHEET_ENTRY = /^\/?xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Checks an XLSX's zip before exceljs (JSZip) opens it: a workbook inside, the declared and the
 * actual expansion of every entry within the limits, and no sheet with more rows than allowed.
 */
export function checkXlsxContainer(bytes: Buffer): void {
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
