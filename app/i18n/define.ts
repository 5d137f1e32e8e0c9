// Both languages of an area side by side: the English object must have exactly the Vietnamese keys.
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export function defineMessages<const T extends Record<string, unknown>>(vi: T, en: Shape<T>) {
  return { vi: vi as Shape<T>, en };
}
