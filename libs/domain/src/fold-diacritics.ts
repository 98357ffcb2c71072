/**
 * Folds Vietnamese (and other Latin) diacritics away for search: "Phan Thiết" and "phan thiet" match.
 * đ/Đ are separate letters, not a base letter plus a combining mark, so NFD alone leaves them.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Search key: folded, lower-cased, whitespace collapsed. */
export function searchKey(text: string): string {
  return foldDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True when every word of the query occurs in one of the fields (diacritics and case ignored). */
export function matchesSearch(query: string, fields: readonly (string | null | undefined)[]): boolean {
  const words = searchKey(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields
    .filter((f): f is string => !!f)
    .map(searchKey)
    .join('\n');
  return words.every((w) => haystack.includes(w));
}
