import { resources } from "~/i18n";

// What tells a user-facing string of one language shown in the other. Text marked with a lang
// of its own (user data such as titles and names, or the language switch) is not looked at;
// identifiers (codes, numbers such as BKHĐT, 15/2018/NĐ-CP, 1015/QĐ-TTg) belong to no language.

/** Letters only Vietnamese writes: a vowel with a diacritic, or đ. */
const VIETNAMESE_LETTER = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/**
 * A code, a number or an address: it has a digit, a slash or an @, a dot inside (a file name, a
 * domain), or no lower-case letter (NĐ-CP, BKHĐT, TT-BYT).
 */
function isIdentifier(token: string): boolean {
  return /[\d/@]|\p{L}\.\p{L}/u.test(token) || token === token.toUpperCase();
}

/** The whitespace-separated words of a text, their surrounding punctuation removed. */
function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((token) => token.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, ""))
    .filter((token) => token !== "");
}

/**
 * A Vietnamese syllable written without diacritics: an initial consonant, a vowel group and a
 * final consonant as Vietnamese spells them. English words mostly are not (and, training, press).
 */
const VIETNAMESE_SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/i;

function catalogueWords(tree: unknown, into = new Set<string>()): Set<string> {
  if (typeof tree === "string") {
    for (const token of tree.replace(/\{\{\w+\}\}/g, " ").split(/[^\p{L}]+/u)) if (token) into.add(token.toLowerCase());
  } else if (tree && typeof tree === "object") {
    for (const value of Object.values(tree)) catalogueWords(value, into);
  }
  return into;
}

/** Words the Vietnamese messages use, borrowed ones included ("Email", "Excel", "CSV"). */
const VIETNAMESE_UI_WORDS = catalogueWords(resources.vi);
/** The app's name, the same in both languages ("Tinh Gọn"). */
const NAME_WORDS = catalogueWords(resources.en.translation.app.name);

/** Words of Vietnamese in a text shown in English. */
export function vietnameseWords(text: string): string[] {
  return words(text).filter((token) => !isIdentifier(token) && VIETNAMESE_LETTER.test(token) && !NAME_WORDS.has(token.toLowerCase()));
}

/**
 * Words of English in a text shown in Vietnamese: words of plain letters that are no Vietnamese
 * syllable and no word of the Vietnamese messages. That is every word of the English messages
 * but a few that Vietnamese also spells ("an", "to", "the"), which no English sentence lacks
 * company of ("and", "of", "results").
 */
export function englishWords(text: string): string[] {
  return words(text)
    .filter((token) => !isIdentifier(token) && !VIETNAMESE_LETTER.test(token))
    .flatMap((token) => token.split(/[^a-z]+/i).filter(Boolean))
    .filter((word) => !VIETNAMESE_UI_WORDS.has(word.toLowerCase()) && !VIETNAMESE_SYLLABLE.test(word));
}
