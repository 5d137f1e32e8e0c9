import type { ReadSheetError } from "./sheet";

// A legacy OLE2 compound file (.xls, .doc, an encrypted .xlsx) is no file the import reads; its
// directory tells which it is, so the message can say what to do with it.

/** Tells an old .xls from a .doc or an encrypted .xlsx by the stream names in the OLE2 directory. */
export function oleError(bytes: Buffer): ReadSheetError {
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
