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
  it('defuses formulas that start with - or + followed by a number (DDE payloads)', () => {
    expect(csvField(`-2+3+cmd|' /C calc'!A0`)).toBe(`'-2+3+cmd|' /C calc'!A0`);
    expect(csvField(`+1+cmd|' /C calc'!A0`)).toBe(`'+1+cmd|' /C calc'!A0`);
    expect(csvField('-1-1')).toBe(`'-1-1`);
    expect(csvField('+84 912 345 678')).toBe(`'+84 912 345 678`);
    expect(csvField('-SUM(A1:A9)')).toBe(`'-SUM(A1:A9)`);
    expect(csvField('@SUM(A1:A9)')).toBe(`'@SUM(A1:A9)`);
  });
  it('defuses a leading tab or line break, leading blanks before a formula, and full-width signs', () => {
    expect(csvField('\t=1+1')).toBe(`'\t=1+1`);
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvField('\n=1+1')).toBe(`"'\n=1+1"`);
    expect(csvField('  =1+1')).toBe(`'  =1+1`);
    expect(csvField('＝1+1')).toBe(`'＝1+1`);
    expect(csvField('－2+3')).toBe(`'－2+3`);
  });
  it('leaves plain numbers (numbers or numeric text) and ordinary text alone', () => {
    for (const n of [-12.5, 0, 3, -0.001, 1e21, -1e-7]) expect(csvField(n)).toBe(String(n));
    for (const t of ['-12.5', '+3', '-0.5', '.5', '-1e5', '2E-3', '42']) expect(csvField(t)).toBe(t);
    expect(csvField('Cháy chợ Phan Thiết - 2 xe')).toBe('Cháy chợ Phan Thiết - 2 xe');
    expect(csvField('a=b')).toBe('a=b');
  });
});
