import ExcelJS from "exceljs";
import Papa from "papaparse";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createDeflateRaw, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS, readSheet, type ReadSheetError, type SheetGrid } from "./read-sheet.server";

const sampleText = readFileSync(fileURLToPath(new URL("../../../db/seed/data/sample-plan.csv", import.meta.url)), "utf8");
const sampleTable = Papa.parse<string[]>(sampleText, { skipEmptyLines: true }).data;
// the sample has no blank or multi-line rows, so its rows are lines 1..13
const sampleRows = sampleTable.map((cells, index) => ({ rowNumber: index + 1, cells }));
const AMOUNT_COLUMNS = [11, 12];
const TIMELINE_COLUMN = 14;

async function gridOf(bytes: Uint8Array): Promise<SheetGrid> {
  const result = await readSheet(bytes);
  if (!result.ok) throw new Error(`expected a grid, got ${JSON.stringify(result.error)}`);
  return result.grid;
}

async function errorOf(bytes: Uint8Array): Promise<ReadSheetError> {
  const result = await readSheet(bytes);
  if (result.ok) throw new Error(`expected an error, got ${result.grid.rows.length} rows`);
  return result.error;
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);

describe("readSheet: CSV", () => {
  it("reads the sample plan in every encoding Excel and editors write", async () => {
    const cases: [Buffer, SheetGrid["encoding"]][] = [
      [Buffer.from(sampleText), "utf-8"],
      [Buffer.from(`\uFEFF${sampleText}`), "utf-8-bom"],
      [utf16le(sampleText), "utf-16le"],
      [utf16be(sampleText), "utf-16be"],
      [Buffer.from(sampleText, "utf16le"), "utf-16le"], // no BOM, recognized by its zero bytes
    ];
    for (const [bytes, encoding] of cases) {
      expect(await gridOf(bytes)).toEqual({ format: "csv", encoding, delimiter: ",", rows: sampleRows });
    }
  });

  it("recognizes semicolon and tab separators although the headers hold commas", async () => {
    for (const delimiter of [";", "\t"] as const) {
      const text = Papa.unparse(sampleTable, { delimiter, newline: "\r\n" });
      expect(text.split("\r\n")[0]).toContain(`${delimiter}Bộ, ngành${delimiter}`); // unquoted: no comma split counts
      expect(await gridOf(Buffer.from(text))).toMatchObject({ delimiter, rows: sampleRows });
      expect(await gridOf(utf16le(text))).toMatchObject({ delimiter, encoding: "utf-16le", rows: sampleRows });
    }
  });

  it("is not misled by a title line, blank lines or decimal commas", async () => {
    const text = ["Danh sách phương án", "", "Mã;Bộ, ngành;Tỷ lệ;Ghi chú", "A-1;BYT;1,5;a, b, c", "A-2;BTC;2,25;", "", "A-3;BCT;0,5;x"].join("\n");
    const grid = await gridOf(Buffer.from(text));
    expect(grid.delimiter).toBe(";");
    expect(grid.rows.map((row) => row.rowNumber)).toEqual([1, 3, 4, 5, 7]);
    expect(grid.rows[2]?.cells).toEqual(["A-1", "BYT", "1,5", "a, b, c"]);
  });

  it("follows Excel's sep= line", async () => {
    const grid = await gridOf(Buffer.from("sep=;\r\nMã;Ghi chú\r\nA-1;a, b, c, d\r\n"));
    expect(grid).toMatchObject({ delimiter: ";", rows: [{ rowNumber: 2, cells: ["Mã", "Ghi chú"] }, { rowNumber: 3, cells: ["A-1", "a, b, c, d"] }] });
  });

  it("numbers rows by the line they start on, skipping blank and whitespace-only lines", async () => {
    const text = [
      'Mã,"Nội dung"', // 1
      "", // 2
      'A-1,"dòng một', // 3: a cell over two lines (CRLF inside the quotes)
      'dòng hai"', // 4
      "   ,  \t", // 5
      "A-2,x", // 6
    ].join("\r\n");
    const grid = await gridOf(Buffer.from(`${text}\nA-3,"a\nb\rc"\r\n\r\nA-4,"""trích dẫn"""`));
    expect(grid.rows).toEqual([
      { rowNumber: 1, cells: ["Mã", "Nội dung"] },
      { rowNumber: 3, cells: ["A-1", "dòng một\ndòng hai"] }, // line breaks in a cell as Excel stores them
      { rowNumber: 6, cells: ["A-2", "x"] },
      { rowNumber: 7, cells: ["A-3", "a\nb\nc"] },
      { rowNumber: 11, cells: ["A-4", '"trích dẫn"'] },
    ]);
    expect(grid.unclosedQuoteRow).toBeUndefined();
  });

  it("trims cells, drops trailing empty cells and normalizes Vietnamese typed on macOS (NFD) to NFC", async () => {
    const text = "Mã,Bộ ngành,Ghi chú\n  A-1 ,\u00a0Bộ Y tế\u00a0,,\n";
    const grid = await gridOf(Buffer.from(text.normalize("NFD")));
    expect(grid.rows[1]?.cells).toEqual(["A-1", "Bộ Y tế"]);
    expect(grid.rows[0]?.cells[1]).toBe("Bộ ngành".normalize("NFC"));
    expect(grid.rows[0]?.cells[1]).not.toBe("Bộ ngành".normalize("NFD"));
  });

  it("reports a quote that never closes", async () => {
    const grid = await gridOf(Buffer.from('Mã,Nội dung\nA-1,x\nA-2,"không đóng\nA-3,y\n'));
    expect(grid.unclosedQuoteRow).toBe(3);
  });

  it("reads a file with one column or only a header", async () => {
    expect((await gridOf(Buffer.from("Mã\nA-1\n"))).rows).toEqual([
      { rowNumber: 1, cells: ["Mã"] },
      { rowNumber: 2, cells: ["A-1"] },
    ]);
    expect((await gridOf(Buffer.from("\uFEFF"))).rows).toEqual([]);
  });

  it("refuses more than 50,000 data rows, counting non-empty rows after the header", async () => {
    const lines = (count: number) => ["Mã,Số", ...Array.from({ length: count }, (_, index) => `A-${index},${index}`)].join("\n");
    expect((await gridOf(Buffer.from(`${lines(IMPORT_LIMITS.maxRows)}\n\n\n`))).rows).toHaveLength(IMPORT_LIMITS.maxRows + 1);
    expect(await errorOf(Buffer.from(lines(IMPORT_LIMITS.maxRows + 1)))).toEqual({ code: "too_many_rows", maxRows: 50_000 });
  });

  it("refuses text in a legacy code page (Windows-1258) with not_text", async () => {
    // "Mã,Đơn vị" in Windows-1258: a + combining tilde 0xDE, Đ 0xD0, ơ 0xF5, ị = i + dot below 0xF2
    const windows1258 = Buffer.from([0x4d, 0x61, 0xde, 0x2c, 0xd0, 0xf5, 0x6e, 0x20, 0x76, 0x69, 0xf2, 0x0a, 0x41, 0x2c, 0x42]);
    expect(await errorOf(windows1258)).toEqual({ code: "not_text" });
    expect(await errorOf(Buffer.from("Mã,Giá\nA,café\n", "latin1"))).toEqual({ code: "not_text" });
    expect(await errorOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("abc")]))).toEqual({ code: "not_text" }); // odd UTF-16
  });
});

// ---------- XLSX built with exceljs ----------

async function xlsxBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The sample plan as an agency would type it in Excel: amounts as numbers, one Lộ trình as a date. */
function addSamplePlan(sheet: ExcelJS.Worksheet, rows: string[][]) {
  for (const [index, cells] of rows.entries()) {
    const values: ExcelJS.CellValue[] = cells.map((cell, column) => {
      if (index > 0 && AMOUNT_COLUMNS.includes(column)) return Number(cell.replace(/\./g, ""));
      if (index > 0 && column === TIMELINE_COLUMN && cell === "30/06/2024") return new Date(Date.UTC(2024, 5, 30));
      return cell;
    });
    const row = sheet.addRow(values);
    for (const column of AMOUNT_COLUMNS) row.getCell(column + 1).numFmt = "#,##0";
    row.getCell(TIMELINE_COLUMN + 1).numFmt = "dd/mm/yyyy";
  }
}

describe("readSheet: XLSX", () => {
  it("reads the sample plan typed in Excel: amounts as plain digits, the date as dd/mm/yyyy", async () => {
    const bytes = await xlsxBytes((workbook) => addSamplePlan(workbook.addWorksheet("Danh sách"), sampleTable));
    const expected = sampleRows.map(({ rowNumber, cells }) => ({
      rowNumber,
      cells: cells.map((cell, column) => (rowNumber > 1 && AMOUNT_COLUMNS.includes(column) ? cell.replace(/\./g, "") : cell)),
    }));
    expect(expected.some((row) => row.cells[TIMELINE_COLUMN] === "30/06/2024")).toBe(true);
    expect(await gridOf(bytes)).toEqual({ format: "xlsx", sheetName: "Danh sách", rows: expected });
  });

  it("turns every kind of cell into the text the user sees", async () => {
    const bytes = await xlsxBytes((workbook) => {
      const sheet = workbook.addWorksheet("Danh sách");
      sheet.addRow(["Số lớn", "Thập phân", "Ngày", "Ngày giờ", "Chữ định dạng", "Liên kết", "Công thức", "Đúng/sai", "Lỗi", "Khoảng trắng"]);
      const row = sheet.addRow([
        4_250_000_000,
        0.1 + 0.2,
        new Date(Date.UTC(2024, 5, 30)),
        new Date(Date.UTC(2024, 0, 5, 8, 30)),
        { richText: [{ text: "Bãi ", font: { bold: true } }, { text: "bỏ" }] },
        { text: "Cổng dịch vụ công", hyperlink: "https://dichvucong.gov.vn" },
        { formula: "A2*2", result: 8_500_000_000 },
        true,
        { error: "#N/A" },
        "\u00a0 Bộ Tài chính \t".normalize("NFD"),
      ]);
      row.getCell(1).numFmt = "#,##0";
      row.getCell(3).numFmt = "dd/mm/yyyy";
      row.getCell(4).numFmt = "dd/mm/yyyy hh:mm";
      sheet.addRow([1e21, -0, { formula: "NA()", result: { error: "#N/A" } }, { formula: "A1", result: undefined }, false]);
    });
    const grid = await gridOf(bytes);
    expect(grid.rows[1]?.cells).toEqual([
      "4250000000",
      "0.3",
      "30/06/2024",
      "05/01/2024 08:30",
      "Bãi bỏ",
      "Cổng dịch vụ công",
      "8500000000",
      "TRUE",
      "#N/A",
      "Bộ Tài chính",
    ]);
    expect(grid.rows[2]?.cells).toEqual(["1000000000000000000000", "0", "#N/A", "", "FALSE"]);
  });

  it("keeps a merged cell's value in its top-left cell only", async () => {
    const bytes = await xlsxBytes((workbook) => {
      const sheet = workbook.addWorksheet("Danh sách");
      sheet.addRow(["Mã", "Nội dung", "Ghi chú"]);
      sheet.addRow(["Gộp", "", "cuối"]);
      sheet.mergeCells("A2:B3");
    });
    expect((await gridOf(bytes)).rows).toEqual([
      { rowNumber: 1, cells: ["Mã", "Nội dung", "Ghi chú"] },
      { rowNumber: 2, cells: ["Gộp", "", "cuối"] },
    ]);
  });

  it("numbers rows as Excel does, skipping empty and whitespace-only rows", async () => {
    const bytes = await xlsxBytes((workbook) => {
      const sheet = workbook.addWorksheet("Danh sách");
      sheet.getRow(1).values = ["Mã", "Nội dung"];
      sheet.getRow(3).values = ["A-1", "một"];
      sheet.getRow(4).getCell(1).border = { top: { style: "thin" } }; // formatted, empty
      sheet.getRow(5).values = ["  ", "\t"];
      sheet.getRow(7).values = [undefined, "bảy"];
    });
    expect((await gridOf(bytes)).rows).toEqual([
      { rowNumber: 1, cells: ["Mã", "Nội dung"] },
      { rowNumber: 3, cells: ["A-1", "một"] },
      { rowNumber: 7, cells: ["", "bảy"] },
    ]);
  });

  it("reads the first visible worksheet that has data", async () => {
    const bytes = await xlsxBytes((workbook) => {
      workbook.addWorksheet("Danh mục", { state: "hidden" }).addRow(["ẩn"]);
      workbook.addWorksheet("Hướng dẫn");
      workbook.addWorksheet("Danh sách").addRow(["Mã"]);
      workbook.addWorksheet("Khác").addRow(["khác"]);
    });
    expect(await gridOf(bytes)).toMatchObject({ sheetName: "Danh sách", rows: [{ rowNumber: 1, cells: ["Mã"] }] });
    const onlyHidden = await xlsxBytes((workbook) => {
      workbook.addWorksheet("Trống");
      workbook.addWorksheet("Danh mục", { state: "hidden" }).addRow(["ẩn"]);
    });
    expect(await gridOf(onlyHidden)).toMatchObject({ sheetName: "Danh mục", rows: [{ rowNumber: 1, cells: ["ẩn"] }] });
    expect(await gridOf(await xlsxBytes((workbook) => workbook.addWorksheet("Trống")))).toEqual({ format: "xlsx", sheetName: "Trống", rows: [] });
  });

  it("reads 10,000 rows × 15 columns of unique texts (its speed is measured by npm run bench)", async () => {
    const [header = [], ...samples] = sampleTable;
    const rows = [header];
    for (let index = 0; index < 10_000; index++) {
      const sample = samples[index % samples.length] ?? [];
      // unique texts, as in a real plan, so the shared strings are as large as they would be
      rows.push(sample.map((cell, column) => (column === 0 ? `X-${index}` : column === 3 || column === 7 ? `${cell} (${index})` : cell)));
    }
    const bytes = await xlsxBytes((workbook) => addSamplePlan(workbook.addWorksheet("Danh sách"), rows));
    const grid = await gridOf(bytes);
    expect(grid.rows).toHaveLength(10_001);
    expect(grid.rows[10_000]?.cells[0]).toBe("X-9999");
  });
});

// ---------- hand-built zips: bombs, limits, look-alikes ----------

interface TestZipEntry {
  name: string;
  content?: Buffer;
  /** Raw deflate data when the content is too large to hold (a bomb). */
  deflated?: Buffer;
  /** Written as is (method 0), as ODF requires of its first entry. */
  stored?: boolean;
  /** The size written in the headers; a lie when it differs from the content's. */
  declaredSize?: number;
  zip64?: boolean;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip as APPNOTE describes it: local headers and data, the central directory, the end record. */
function zip(entries: TestZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = entry.deflated ?? (entry.stored ? entry.content : undefined) ?? deflateRawSync(entry.content ?? Buffer.alloc(0));
    const method = entry.stored ? 0 : 8;
    const size = entry.declaredSize ?? entry.content?.length ?? 0;
    const crc = entry.content ? crc32(entry.content) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(entry.zip64 ? 20 : 0);
    if (entry.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : data.length, 20);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    directory.push(central, name, extra);
    offset += local.length + name.length + data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directoryBytes, end]);
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The smallest workbook exceljs reads: one sheet whose XML is given (or given deflated). */
function minimalXlsx(sheet: Omit<TestZipEntry, "name">, options: { zip64?: boolean } = {}): Buffer {
  const xml = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  return zip([
    {
      name: "[Content_Types].xml",
      content: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    { name: "_rels/.rels", content: xml(`<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: "xl/workbook.xml", content: xml(`<workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: "xl/_rels/workbook.xml.rels", content: xml(`<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    { name: "xl/worksheets/sheet1.xml", ...sheet },
  ].map((entry) => ({ ...entry, zip64: options.zip64 })));
}

const SHEET_START = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>`;
const SHEET_END = "</sheetData></worksheet>";

function sheetXml(rows: string): Buffer {
  return Buffer.from(`${SHEET_START}${rows}${SHEET_END}`);
}

function numberRows(from: number, to: number): string {
  let rows = "";
  for (let row = from; row <= to; row++) rows += `<row r="${row}"><c r="A${row}"><v>${row}</v></c></row>`;
  return rows;
}

/** A sheet padded with `padding` bytes of spaces, deflated as it streams: ~1 KB per MB. */
async function paddedSheet(padding: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflate, "end");
  deflate.write(`${SHEET_START}<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row>`);
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let written = 0; written < padding; written += spaces.length) {
    if (!deflate.write(spaces.subarray(0, Math.min(spaces.length, padding - written)))) await once(deflate, "drain");
  }
  deflate.end(SHEET_END);
  await ended;
  return Buffer.concat(chunks);
}

describe("readSheet: XLSX limits", () => {
  const MB = 1024 * 1024;
  const headerSize = Buffer.byteLength(`${SHEET_START}<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row>${SHEET_END}`);

  it("reads a hand-built workbook with inline strings, with and without ZIP64 headers", async () => {
    const sheet = { content: sheetXml(`<row r="2"><c r="A2" t="inlineStr"><is><t> Mã </t></is></c><c r="C2"><v>42</v></c></row>`) };
    for (const bytes of [minimalXlsx(sheet), minimalXlsx(sheet, { zip64: true })]) {
      expect(await gridOf(bytes)).toEqual({ format: "xlsx", sheetName: "Danh sách", rows: [{ rowNumber: 2, cells: ["Mã", "", "42"] }] });
    }
  });

  it("refuses a zip bomb by its declared size: 300 MB of spaces in ~300 KB", async () => {
    const deflated = await paddedSheet(300 * MB);
    expect(deflated.length).toBeLessThan(MB);
    const bomb = minimalXlsx({ deflated, declaredSize: headerSize + 300 * MB });
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.maxBytes);
    expect(await errorOf(bomb)).toEqual({ code: "expands_too_far" });
    expect(await errorOf(minimalXlsx({ deflated, declaredSize: headerSize + 300 * MB }, { zip64: true }))).toEqual({ code: "expands_too_far" });
  });

  it("refuses an entry under the total limit that expands absurdly (50 MB of spaces)", async () => {
    const deflated = await paddedSheet(50 * MB);
    expect(await errorOf(minimalXlsx({ deflated, declaredSize: headerSize + 50 * MB }))).toEqual({ code: "expands_too_far" });
  });

  it("refuses a bomb whose headers lie about its size", async () => {
    const deflated = await paddedSheet(300 * MB);
    // inflating stops at the declared 2 KB rather than at 300 MB
    expect(await errorOf(minimalXlsx({ deflated, declaredSize: 2000 }))).toEqual({ code: "expands_too_far" });
  });

  it("refuses a sheet with more than 50,000 data rows before exceljs loads it", async () => {
    const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>Số</t></is></c></row>`;
    const atLimit = minimalXlsx({ content: sheetXml(header + numberRows(2, IMPORT_LIMITS.maxRows + 1)) });
    expect((await gridOf(atLimit)).rows).toHaveLength(IMPORT_LIMITS.maxRows + 1);
    const overLimit = minimalXlsx({ content: sheetXml(header + numberRows(2, IMPORT_LIMITS.maxRows + 2)) });
    expect(await errorOf(overLimit)).toEqual({ code: "too_many_rows", maxRows: 50_000 });
  });

  it("does not count rows that only carry formatting", async () => {
    let formatted = "";
    for (let row = 4; row <= 60_000; row++) formatted += `<row r="${row}"><c r="A${row}"/><c r="B${row}"/></row>`;
    const bytes = minimalXlsx({ content: sheetXml(`${numberRows(1, 3)}${formatted}<row r="60001"/>`) });
    expect((await gridOf(bytes)).rows.map((row) => row.rowNumber)).toEqual([1, 2, 3]);
  });

  it("says what a zip without a workbook is", async () => {
    expect(await errorOf(zip([{ name: "word/document.xml", content: Buffer.from("<w:document/>") }]))).toEqual({ code: "not_spreadsheet", detected: "word" });
    expect(await errorOf(zip([{ name: "xl/workbook.bin", content: Buffer.from([1, 2, 3]) }]))).toEqual({ code: "not_spreadsheet", detected: "xlsb" });
    expect(await errorOf(zip([{ name: "photo.jpg", content: Buffer.from("x") }]))).toEqual({ code: "not_spreadsheet", detected: "archive" });
    const ods = zip([
      { name: "mimetype", content: Buffer.from("application/vnd.oasis.opendocument.spreadsheet"), stored: true },
      { name: "content.xml", content: Buffer.from("<office:document-content/>") },
    ]);
    expect(await errorOf(ods)).toEqual({ code: "not_spreadsheet", detected: "ods" });
    expect(await errorOf(zip([{ name: "xl/workbook.xml", content: Buffer.from("not xml at all <<<") }]))).toEqual({ code: "not_spreadsheet", detected: "damaged_xlsx" });
    const truncated = minimalXlsx({ content: sheetXml(numberRows(1, 3)) });
    expect(await errorOf(truncated.subarray(0, truncated.length - 30))).toEqual({ code: "not_spreadsheet", detected: "archive" });
  });
});

// ---------- other files ----------

/** A Compound File Binary (OLE2) with one FAT sector and one directory sector holding `names`. */
function oleFile(names: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory at sector 1
  header.fill(0xff, 0x4c);
  header.writeUInt32LE(0, 0x4c); // FAT at sector 0
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const directory = Buffer.alloc(512);
  for (const [index, name] of ["Root Entry", ...names].entries()) {
    const entry = index * 128;
    directory.write(name, entry, "utf16le");
    directory.writeUInt16LE((name.length + 1) * 2, entry + 0x40);
    directory[entry + 0x42] = index === 0 ? 5 : 2;
  }
  return Buffer.concat([header, fat, directory]);
}

describe("readSheet: files that are not a spreadsheet we read", () => {
  it("refuses a file over 20 MB before reading it", async () => {
    expect(await errorOf(Buffer.alloc(IMPORT_LIMITS.maxBytes + 1, "a"))).toEqual({ code: "too_large", maxMb: 20 });
    expect(await readSheet(Buffer.alloc(IMPORT_LIMITS.maxBytes, "a"))).toMatchObject({ ok: true });
  });

  it("asks for .xlsx instead of an old .xls, and tells a password-protected workbook and a .doc apart", async () => {
    expect(await errorOf(oleFile(["Workbook", "\u0005SummaryInformation"]))).toEqual({ code: "legacy_xls" });
    expect(await errorOf(oleFile(["EncryptionInfo", "EncryptedPackage"]))).toEqual({ code: "legacy_xls", encrypted: true });
    expect(await errorOf(oleFile(["WordDocument", "1Table"]))).toEqual({ code: "not_spreadsheet", detected: "word" });
    const magicOnly = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100, 7)]);
    expect(await errorOf(magicOnly)).toEqual({ code: "legacy_xls" });
  });

  it("refuses images, PDFs, markup, binary and empty files", async () => {
    const cases: [Buffer, ReadSheetError][] = [
      [Buffer.alloc(0), { code: "not_spreadsheet", detected: "empty" }],
      [Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n", "latin1"), { code: "not_spreadsheet", detected: "pdf" }],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), { code: "not_spreadsheet", detected: "image" }],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), { code: "not_spreadsheet", detected: "image" }],
      [Buffer.from("<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><table><tr><td>Mã</td></tr></table></html>"), { code: "not_spreadsheet", detected: "html" }],
      [Buffer.from('\uFEFF<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?><Workbook/>'), { code: "not_spreadsheet", detected: "xml" }],
      [Buffer.from("Mã,Tên\nA\u0000,B\n"), { code: "not_spreadsheet", detected: "binary" }],
      [Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256)), { code: "not_spreadsheet", detected: "binary" }],
    ];
    for (const [bytes, error] of cases) expect(await errorOf(bytes), JSON.stringify(error)).toEqual(error);
  });
});

describe("readSheet: a 50,000-row CSV", () => {
  it("reads a CSV of exactly the row limit", async () => {
    const [header = [], ...samples] = sampleTable;
    const lines = [header];
    for (let index = 0; index < IMPORT_LIMITS.maxRows; index++) {
      const sample = samples[index % samples.length] ?? [];
      // long texts shortened: 50,000 sample rows at full length (~480 bytes) exceed 20 MB
      lines.push(sample.map((cell, column) => (column === 0 ? `X-${index}` : cell.slice(0, 60))));
    }
    const bytes = Buffer.from(`\uFEFF${Papa.unparse(lines, { newline: "\r\n" })}`);
    const grid = await gridOf(bytes);
    expect(grid.rows).toHaveLength(IMPORT_LIMITS.maxRows + 1);
    expect(grid.rows.at(-1)?.rowNumber).toBe(IMPORT_LIMITS.maxRows + 1);
  });
});
