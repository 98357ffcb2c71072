/** Free text from the public (citizen reports) or third parties (FIWARE Alert) before it is stored. */

// C0 (except tab/newline), DEL, C1, zero-width space, bidi marks/overrides/isolates, word joiners, BOM:
// invisible characters that can hide or reorder what an operator reads.
const UNSAFE_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// JSON "\ud800" escapes can produce lone surrogates, which PostgreSQL rejects.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface CleanText {
  text: string;
  truncated: boolean;
}

/** NFC (Vietnamese often arrives decomposed), unsafe characters removed, cut to `maxChars` code points. */
export function cleanText(input: string, maxChars: number): CleanText {
  const text = input
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE_CHARS, '')
    .trim();
  const chars = Array.from(text);
  if (chars.length <= maxChars) return { text, truncated: false };
  return {
    text: `${chars
      .slice(0, Math.max(0, maxChars - 1))
      .join('')
      .trimEnd()}…`,
    truncated: true,
  };
}

/** Single-line variant for short fields (category, contact): newlines and tabs become spaces. */
export function cleanLabel(input: string, maxChars: number): string {
  return cleanText(input.replace(/[\t\n\r]+/g, ' '), maxChars).text.replace(/ {2,}/g, ' ');
}

/** True when the string has no control characters; ids and metric names must be printable. */
export function isPrintable(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return !/[\u0000-\u001F\u007F-\u009F]/.test(value);
}
