/** Text a spreadsheet reads as a plain number ("-12.5", "+3", "1e-3"): a value, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/**
 * Text a spreadsheet may run as a formula (CSV injection): one starting with = + - @ (Excel also takes
 * `-2+3+cmd|' /C calc'!A0` or `@SUM(…)` as formulas), their full-width forms (＝ ＋ － ＠, which East Asian
 * Excel converts), with leading blanks some importers trim first, or starting with a tab or line break.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; null is empty. Numbers stay
 * numbers (a reading of -12.5 exports as -12.5); text that could start a formula gets a leading `'`.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  const s = v instanceof Date ? v.toISOString() : String(v);
  const safe = FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** The bits of a response a streamed export needs (Express's Response satisfies it). */
export interface CsvSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', fn: () => void): unknown;
  off(event: 'drain' | 'close', fn: () => void): unknown;
  end(): unknown;
  readonly destroyed: boolean;
}

/**
 * Writes the header then each batch as CSV, waiting for the socket to drain before asking for the next
 * batch, so memory holds one batch whatever the export's size. A closed connection stops the generator
 * (its finally releases the database cursor).
 */
export async function pipeCsv<T>(
  res: CsvSink,
  header: readonly string[],
  batches: AsyncIterable<T[]>,
  row: (item: T) => readonly unknown[],
): Promise<void> {
  // UTF-8 BOM: spreadsheet programs then read Vietnamese names correctly
  res.write('\ufeff' + csvLine(header));
  for await (const batch of batches) {
    if (res.destroyed) return;
    let chunk = '';
    for (const item of batch) chunk += csvLine(row(item));
    if (!res.write(chunk))
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
  }
  res.end();
}
