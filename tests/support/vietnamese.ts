// Every Vietnamese vowel with its five tones (huyền, sắc, hỏi, ngã, nặng), typed precomposed, in
// both cases, with the letter it folds to; and đ. What "typing without diacritics" must cover.

export const VOWELS: ReadonlyArray<readonly [folded: string, lower: string, upper: string]> = [
  ["a", "aàáảãạ", "AÀÁẢÃẠ"],
  ["a", "ăằắẳẵặ", "ĂẰẮẲẴẶ"],
  ["a", "âầấẩẫậ", "ÂẦẤẨẪẬ"],
  ["e", "eèéẻẽẹ", "EÈÉẺẼẸ"],
  ["e", "êềếểễệ", "ÊỀẾỂỄỆ"],
  ["i", "iìíỉĩị", "IÌÍỈĨỊ"],
  ["o", "oòóỏõọ", "OÒÓỎÕỌ"],
  ["o", "ôồốổỗộ", "ÔỒỐỔỖỘ"],
  ["o", "ơờớởỡợ", "ƠỜỚỞỠỢ"],
  ["u", "uùúủũụ", "UÙÚỦŨỤ"],
  ["u", "ưừứửữự", "ƯỪỨỬỮỰ"],
  ["y", "yỳýỷỹỵ", "YỲÝỶỸỴ"],
];
