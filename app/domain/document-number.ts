import type { DocumentType } from "./vocabulary";

// Vietnamese legal document numbers: "15/2018/NĐ-CP" (number/year/type-issuer) for normative
// documents, "1015/QĐ-TTg" (number/type-issuer) for individual ones. The key ignores case,
// diacritics, spacing and leading zeros so that every way of typing a number finds one document;
// the official spelling is how the register stores and shows a recognized number.

export interface ParsedDocumentNumber {
  /** The official spelling ("01/2021/TT-BKHĐT") of a recognized number; any other as typed, spaces tidied. */
  official: string;
  key: string;
  recognized: boolean;
  type: DocumentType;
  number: string | null;
  year: number | null;
  issuer: string | null;
}

const MIN_YEAR = 1945;
const MAX_YEAR = 2100;
// Word processors turn "-" into these.
const DASH_VARIANTS = /[\u2010-\u2015\u2212]/g;
const SPACED_SEPARATOR = /\s*([/\-\u2010-\u2015\u2212])\s*/g;
const TYPE_CODES = ["ND", "NQ", "QD", "TT", "TTLT"];
const ISSUER = /^[A-Z][A-Z0-9]*$/;
/** Type codes and issuers as official texts spell them, by their folded form; any other is upper case. */
const OFFICIAL_SPELLING = new Map(
  [
    "NĐ",
    "QĐ",
    // the Prime Minister
    "TTg",
    // ministries, councils and committees whose abbreviation has Đ
    "BKHĐT",
    "BGDĐT",
    "BLĐTBXH",
    "HĐND",
    "HĐTP",
    "HĐBCQG",
    "BCĐ",
    "TLĐ",
  ].map((spelling) => [fold(spelling.toUpperCase()), spelling]),
);

/** Spaces around "/" and "-" dropped, other whitespace runs made one space: "15 / 2018 / NĐ - CP" → "15/2018/NĐ-CP". */
export function tidyNumberSpacing(text: string): string {
  return text.normalize("NFC").trim().replace(SPACED_SEPARATOR, "$1").replace(/\s+/g, " ");
}

export function parseDocumentNumber(input: string, hint?: DocumentType): ParsedDocumentNumber {
  const written = tidyNumberSpacing(input);
  const compact = written.replace(/\s+/g, "").replace(DASH_VARIANTS, "-").toUpperCase();
  const unrecognized: ParsedDocumentNumber = {
    official: written,
    key: fold(compact),
    recognized: false,
    type: "other",
    number: null,
    year: null,
    issuer: null,
  };

  const parts = compact.split("/");
  const [rawNumber, rawYear, tail] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
  if (parts.length > 3 || rawNumber === undefined || tail === undefined || !/^\d{1,6}$/.test(rawNumber)) {
    return unrecognized;
  }
  const year = rawYear === undefined ? null : Number(rawYear);
  if (rawYear !== undefined && !(/^\d{4}$/.test(rawYear) && plausibleYear(year ?? 0))) return unrecognized;

  const kind = classify(tail, year, hint);
  if (!kind) return unrecognized;
  const number = canonicalNumber(rawNumber);
  const officialTail = tail.split("-").map(officialPart).join("-");
  return {
    official: [number, year, officialTail].filter((p) => p !== null).join("/"),
    key: [number, year, fold(tail)].filter((p) => p !== null).join("/"),
    recognized: true,
    type: kind.type,
    number,
    year,
    // what follows the type code ("CP", "TTg", "BTC-BKHĐT"), or the whole tail ("QH15")
    issuer: kind.withTypeCode ? officialTail.slice(officialTail.indexOf("-") + 1) : officialTail,
  };
}

export function documentNumberKey(input: string): string {
  return parseDocumentNumber(input).key;
}

/** How the register writes a number typed any way: "109/2016/nd-cp" → "109/2016/NĐ-CP"; unknown shapes as typed. */
export function officialDocumentNumber(input: string): string {
  return parseDocumentNumber(input).official;
}

/** True for the number of a decision (quyết định: "1015/QĐ-TTg", "11/2022/QĐ-TTg"), typed any way. */
export function isDecisionNumber(input: string): boolean {
  const parsed = parseDocumentNumber(input);
  return parsed.recognized && /^\d+\/(?:\d{4}\/)?QD-/.test(parsed.key);
}

/** One part of a number's tail in its official spelling: "nđ" → "NĐ", "ttg" → "TTg", "bkhdt" → "BKHĐT". */
function officialPart(part: string): string {
  return OFFICIAL_SPELLING.get(fold(part)) ?? part;
}

/** The type and issuer a number's tail ("NĐ-CP", "QH14") stands for, or null if unknown. */
function classify(
  tail: string,
  year: number | null,
  hint: DocumentType | undefined
): { type: DocumentType; withTypeCode: boolean } | null {
  const folded = fold(tail);
  // Laws, NA resolutions and ordinances are always normative, so they always carry a year.
  if (/^QH\d{1,2}$/.test(folded)) {
    if (year === null) return null;
    return { type: hint === "na_resolution" ? "na_resolution" : "law", withTypeCode: false };
  }
  if (/^UBTVQH\d{1,2}$/.test(folded)) return year === null ? null : { type: "ordinance", withTypeCode: false };

  const [code, ...issuerParts] = folded.split("-");
  if (code === undefined || !TYPE_CODES.includes(code)) return null;
  if (issuerParts.length === 0 || !issuerParts.every((p) => ISSUER.test(p))) return null;
  const issuedBy = issuerParts.join("-");
  const single = issuerParts.length === 1;
  const typed = (type: DocumentType) => ({ type, withTypeCode: true });

  switch (code) {
    case "ND":
      return issuedBy === "CP" ? typed("decree") : null;
    case "NQ":
      if (!single) return null;
      return typed(issuedBy === "CP" ? "government_resolution" : "other");
    case "QD":
      if (!single) return null;
      return typed(issuedBy === "TTG" ? "pm_decision" : "other");
    case "TT":
      return single ? typed("circular") : null;
    default:
      return single ? null : typed("joint_circular");
  }
}

/**
 * Turns a search query into key fragments that must all occur in a stored key. Fragments that
 * start with a digit are key prefixes ("15/2018/"); the others are substrings ("ND-CP").
 * Words that are not parts of a document number are ignored.
 */
export function documentNumberSearchKeys(query: string): string[] {
  const tokens = fold(tidyNumberSpacing(query).toUpperCase().replace(DASH_VARIANTS, "-"))
    .split(/\s+/)
    .filter((t) => t !== "");
  const numbered: string[] = [];
  const typed: string[] = [];
  for (const token of tokens) {
    const withYear = /^(\d{1,6})\/(\d{4})(?:\/([A-Z0-9-]*))?$/.exec(token);
    const withoutYear = /^(\d{1,6})\/((?:ND|NQ|QD|TT|TTLT)(?:-[A-Z0-9-]*)?)$/.exec(token);
    if (withYear && plausibleYear(Number(withYear[2]))) {
      numbered.push(`${canonicalNumber(withYear[1] ?? "")}/${withYear[2]}/${withYear[3] ?? ""}`);
    } else if (withoutYear) {
      numbered.push(`${canonicalNumber(withoutYear[1] ?? "")}/${withoutYear[2]}`);
    } else if (/^(?:ND|NQ|QD|TT|TTLT)(?:-[A-Z][A-Z0-9]*)+$/.test(token) || /^(?:UBTV)?QH\d{1,2}$/.test(token)) {
      typed.push(token);
    }
  }
  return [...new Set([...numbered, ...typed])];
}

/**
 * The year a number names and the year the document was issued, when they differ: a warning
 * (`12/2025/NĐ-CP` issued on 03/01/2026 is more likely a typo than a fact), null when they agree
 * or either is unknown.
 */
export function numberYearMismatch(number: string, issuedOn: string | null): { numberYear: number; issuedYear: number } | null {
  const numberYear = parseDocumentNumber(number).year;
  const issuedYear = issuedOn ? Number(issuedOn.slice(0, 4)) : null;
  return numberYear !== null && issuedYear !== null && numberYear !== issuedYear ? { numberYear, issuedYear } : null;
}

/**
 * What a number typed so far ("1/2021/tt", "15 / 2018 / nđ") must start the key of a register
 * entry with: folded, compact, upper case, the leading number written with its zero once a "/"
 * follows it. Empty when nothing is typed.
 */
export function documentNumberKeyPrefix(typed: string): string {
  const compact = fold(tidyNumberSpacing(typed).replace(/\s+/g, "").replace(DASH_VARIANTS, "-").toUpperCase());
  return compact.replace(/^(\d{1,6})(?=\/)/, (digits) => canonicalNumber(digits));
}

/** True when a search query names a document number or part of one ("15/2018", "nđ-cp"). */
export function looksLikeDocumentNumber(query: string): boolean {
  return documentNumberSearchKeys(query).length > 0;
}

/** Upper-case ASCII form: marks stripped, Đ to D. Expects upper-case input. */
function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/Đ/g, "D");
}

// Official numbers below 10 are written with a leading zero ("02/2022/UBTVQH15"); people
// often drop it or add more.
function canonicalNumber(digits: string): string {
  return String(Number(digits)).padStart(2, "0");
}

function plausibleYear(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}
