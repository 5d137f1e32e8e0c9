const COMBINING_MARKS = /[\u0300-\u036f]/g;
const MAX_SEARCH_TERMS = 10;

/** Lower-case, diacritic-free, single-spaced form of Vietnamese text for matching. */
export function foldVietnamese(s: string): string {
  return (
    s
      // Lower-case first: upper-case forms such as "İ" lower-case into a letter plus a mark.
      .toLowerCase()
      .normalize("NFD")
      .replace(COMBINING_MARKS, "")
      // đ is a letter of its own (d with stroke), not d plus a combining mark.
      .replace(/đ/g, "d")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** The distinct folded words of a search query, at most 10. */
export function searchTerms(query: string): string[] {
  const words = foldVietnamese(query)
    .split(" ")
    .filter((w) => w !== "");
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}
