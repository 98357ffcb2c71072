import { csvField, csvLine } from './csv.util';

describe('csv', () => {
  it('quotes commas, quotes and line breaks; empties null', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 1.5, 'x\ny'])).toBe('a,"b,c","say ""hi""",,1.5,"x\ny"\r\n');
  });
  it('keeps negative numbers but defuses spreadsheet formulas', () => {
    expect(csvField(-3.2)).toBe('-3.2');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
  });
});
