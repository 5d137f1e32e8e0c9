const COMBINING_MARKS = /[\u0300-\u036f]/g;
const MAX_SEARCH_TERMS = 10;
/**
 * A syllable of one consonant onset and a final i, which Vietnamese also writes with y: kí/ký,
 * lí/lý, mĩ/mỹ, hi/hy, ti/ty, si/sy, qui/quy. Never after a vowel (tai ≠ tay, hui ≠ huy), never at
 * the start of a syllable (yêu), never after another onset (thi, chi, khi have no y form).
 */
const I_OR_Y_SYLLABLE = /(?<![\p{L}\p{N}])(qu|[hklmst])[iy](?![\p{L}\p{N}])/gu;

/**
 * Lower-case, diacritic-free, single-spaced form of Vietnamese text for matching. Tone marks go
 * wherever they were placed (hoá and hóa, thuỷ and thủy fold alike), and syllables written with
 * i or y both ways are written with y, the form that starts no other word ("ky" is no prefix of
 * "kinh", so "đăng kí" finds "đăng ký" without finding "đăng kiểm").
 */
export function foldVietnamese(s: string): string {
  return unifySpelling(
    s
      // Lower-case first: upper-case forms such as "İ" lower-case into a letter plus a mark.
      .toLowerCase()
      .normalize("NFD")
      .replace(COMBINING_MARKS, "")
      // đ is a letter of its own (d with stroke), not d plus a combining mark.
      .replace(/đ/g, "d")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/**
 * Folded text with every syllable spelled with i or y (I_OR_Y_SYLLABLE) written with y. Letter for
 * letter, so a position in the result is the same position in its input (see highlight.ts).
 */
export function unifySpelling(folded: string): string {
  return folded.replace(I_OR_Y_SYLLABLE, "$1y");
}

/** The distinct folded words of a search query, at most 10. */
export function searchTerms(query: string): string[] {
  const words = foldVietnamese(query)
    .split(" ")
    .filter((w) => w !== "");
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}

// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000e-\u001f]/;

/**
 * Whether a text holds C0 control characters other than tab, line breaks, VT and FF: typed or
 * pasted text has none, binary data does. A form refuses them (a CSV export would carry them into
 * a file that then reads as binary, while an XLSX drops them) and a CSV holding them is no text.
 */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}
