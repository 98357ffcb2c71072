import { sql, type RawBuilder } from 'kysely';

/**
 * `column = ANY($n::text[])`: the list is one array parameter, so an empty list matches nothing (Kysely's
 * `in` would render `in ()`, a syntax error) and the statement text does not vary with the list length.
 */
export function anyOf<T extends string>(values: readonly T[]): RawBuilder<T> {
  return sql<T>`any(${values}::text[])`;
}

/**
 * An ISO time compared with a timestamptz column: Kysely types comparisons by the column's read type
 * (`Date`); PostgreSQL parses the string, as it did before, rather than JavaScript.
 */
export function timestamptz(iso: string): RawBuilder<Date> {
  return sql<Date>`${iso}::timestamptz`;
}

/**
 * Every word occurs in the row's folded `search_text` (raw SQL: a set test over the words array, one
 * parameter however many words). An empty list matches every row.
 */
export function searchTextHasAll(words: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`NOT EXISTS (SELECT 1 FROM unnest(${words}::text[]) w WHERE position(w IN search_text) = 0)`;
}
