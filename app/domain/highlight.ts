import { foldVietnamese, unifySpelling } from "./text";

// Search results mark the words found in the text as written (with its diacritics), while the
// matching itself happens on folded text. So the text is folded one character at a time,
// remembering where each folded character came from, and matches are mapped back.

export interface Segment {
  text: string;
  match: boolean;
}

const NOT_WORD_CHARS = /[^\p{L}\p{N}]+/u;
const JOINING_GAP = /^[/.-]+$/;

/**
 * The words a folded search term is made of, the way the full-text index splits text:
 * "15/2018/nd-cp" → ["15", "2018", "nd", "cp"]; punctuation alone gives none.
 */
export function termTokens(term: string): string[] {
  return foldVietnamese(term)
    .split(NOT_WORD_CHARS)
    .filter((token) => token !== "");
}

interface FoldedText {
  folded: string;
  /** For each folded character, where the original character it came from starts. */
  starts: number[];
  /** For each folded character, where the original text after it (and its combining marks) starts. */
  ends: number[];
}

function foldWithPositions(text: string): FoldedText {
  let letters = "";
  const starts: number[] = [];
  let index = 0;
  for (const char of text) {
    // a combining mark folds to nothing and so stays with the letter before it
    const piece = foldVietnamese(char) || (/\s/.test(char) ? " " : "");
    for (let i = 0; i < piece.length; i++) starts.push(index);
    letters += piece;
    index += char.length;
  }
  // spelling that depends on the whole syllable (kí → ký), letter for letter: positions stay
  const folded = unifySpelling(letters);
  const ends = starts.map((start, i) => {
    let next = i + 1;
    while (next < starts.length && starts[next] === start) next++;
    return next < starts.length ? (starts[next] ?? text.length) : text.length;
  });
  return { folded, starts, ends };
}

/**
 * A pattern finding a term at the start of a word. One- and two-digit numbers match with or
 * without a leading zero, as document-number keys do ("2/2022" in "02/2022/UBTVQH15").
 */
function termPattern(term: string): RegExp | null {
  const tokens = termTokens(term);
  if (tokens.length === 0) return null;
  const parts = tokens.map((token) => {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return /^\d{1,2}$/.test(token) ? `0?${escaped.replace(/^0(?=\d)/, "")}` : escaped;
  });
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join("[^\\p{L}\\p{N}]+")}`, "gu");
}

/** Ranges [start, end) of the original text where any term matches, sorted and merged. */
function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  if (!text || terms.length === 0) return [];
  const { folded, starts, ends } = foldWithPositions(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const pattern = termPattern(term);
    if (!pattern) continue;
    for (const match of folded.matchAll(pattern)) {
      if (match[0].length === 0) continue;
      const first = match.index;
      const last = first + match[0].length - 1;
      ranges.push([starts[first] ?? 0, ends[last] ?? text.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    // "15/2018" and "NĐ-CP" found apart still read as one number: join marks across bare punctuation
    const joined = previous && (range[0] <= previous[1] || JOINING_GAP.test(text.slice(previous[1], range[0])));
    if (previous && joined) previous[1] = Math.max(previous[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

function segments(text: string, ranges: [number, number][], from = 0, to = text.length): Segment[] {
  const result: Segment[] = [];
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (s > at) result.push({ text: text.slice(at, s), match: false });
    result.push({ text: text.slice(s, e), match: true });
    at = e;
  }
  if (at < to) result.push({ text: text.slice(at, to), match: false });
  return result;
}

/** The text cut into pieces, the ones where a search term matches (as a word prefix, folded) marked. */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  return segments(text, matchRanges(text, terms));
}

/** True when any of the terms matches somewhere in the text. */
export function hasMatch(text: string | null | undefined, terms: readonly string[]): boolean {
  return Boolean(text) && matchRanges(text ?? "", terms).length > 0;
}

/**
 * About `length` characters of the text around its first match, cut at spaces and marked with
 * "…" where cut, highlighted; null when no term matches.
 */
export function excerpt(text: string, terms: readonly string[], length = 180): Segment[] | null {
  const ranges = matchRanges(text, terms);
  const first = ranges[0];
  if (!first) return null;
  if (text.length <= length) return segments(text, ranges);
  // a little context before the first match, the rest after it
  let from = Math.max(0, first[0] - Math.floor(length / 4));
  let to = Math.min(text.length, from + length);
  from = Math.max(0, Math.min(from, to - length));
  if (from > 0) {
    const space = text.indexOf(" ", from);
    if (space !== -1 && space < first[0]) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(" ", to);
    if (space > first[1]) to = space;
  }
  const pieces = segments(text, ranges, from, to);
  if (from > 0) pieces.unshift({ text: "…", match: false });
  if (to < text.length) pieces.push({ text: "…", match: false });
  return pieces;
}
