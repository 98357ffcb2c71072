import { citizenReportAdapter } from './citizen-report.adapter';
import { createAdapterContext } from './adapter.context';
import { bytes, ofType, rejection } from '../test/fixture.util';

const ctx = createAdapterContext({ maxTextChars: 50 });
const now = new Date('2024-11-22T08:00:00.000Z');
const signalOf = (body: unknown, c = ctx) =>
  ofType(citizenReportAdapter('ioc/reports', bytes(body), now, c), 'signal')[0].signal;

describe('citizen report adapter', () => {
  it('maps a report to a signal', () => {
    const body = {
      id: 'r-2024-0001',
      text: 'Ngập sâu 40cm trước chợ Phan Thiết',
      category: 'flood',
      lat: 10.9289,
      lon: 108.1021,
      contact: '0901 234 567',
      photoUrl: 'https://example.org/p/1.jpg',
    };
    expect(signalOf(body)).toEqual({
      kind: 'citizen_report',
      sourceId: 'report:r-2024-0001',
      time: '2024-11-22T08:00:00.000Z',
      category: 'flood',
      subCategory: null,
      severity: 'Unknown',
      description: 'Ngập sâu 40cm trước chợ Phan Thiết',
      lat: 10.9289,
      lon: 108.1021,
      contact: '0901 234 567',
      photoUrl: 'https://example.org/p/1.jpg',
      raw: body,
      source: 'citizen',
    });
  });

  it('strips control and bidi characters, normalises to NFC, keeps newlines; HTML is left for the renderer', () => {
    const s = signalOf({
      text: '  Cây đổ\u0000\u001b[31m\r\nđường <b>Trần Hưng Đạo</b>\u202E  ',
      contact: 'a\nb',
    });
    expect(s.description).toBe('Cây đổ[31m\nđường <b>Trần Hưng Đạo</b>');
    expect(s.contact).toBe('a b');
    expect(s.category).toBe('other');
    expect(signalOf({ text: 'Nga\u0306p' }).description).toBe('Ngăp');
  });

  it('cuts oversize text to maxTextChars code points with an ellipsis', () => {
    const s = signalOf({ text: 'ế'.repeat(80) });
    expect(Array.from(s.description)).toHaveLength(50);
    expect(s.description.endsWith('…')).toBe(true);
  });

  it('derives a stable id from the bytes when the report has none; honours an explicit time', () => {
    const body = { text: 'Đèn giao thông hỏng', time: '2024-11-22T14:30:00' };
    const a = signalOf(body);
    expect(a.sourceId).toMatch(/^report:[0-9a-f]{14}$/);
    expect(signalOf(body).sourceId).toBe(a.sourceId);
    expect(signalOf({ ...body, text: 'khác' }).sourceId).not.toBe(a.sourceId);
    expect(a.time).toBe('2024-11-22T07:30:00.000Z');
  });

  it.each<[string, unknown, string]>([
    ['missing text', { category: 'flood' }, '"text" missing'],
    ['blank text', { text: ' \u0000\u200B ' }, '"text" is empty'],
    ['text not a string', { text: 42 }, '"text" must be a string, got 42'],
    ['lat without lon', { text: 'x', lat: 10 }, 'lat and lon must be given together'],
    ['lat out of range', { text: 'x', lat: 100, lon: 10 }, 'invalid position'],
    [
      'javascript: photo',
      { text: 'x', photoUrl: 'javascript:alert(1)' },
      'photoUrl must be http(s), got javascript:',
    ],
    ['photo not a URL', { text: 'x', photoUrl: 'not a url' }, 'photoUrl is not a URL'],
    ['bad id', { text: 'x', id: 'a b<script>' }, '"id" must be 1-100 characters'],
    ['bad time', { text: 'x', time: 'hôm qua' }, 'time: not an ISO-8601 time'],
    ['array', ['x'], 'report must be a JSON object'],
  ])('rejects %s', (_label, body, reason) => {
    expect(rejection(citizenReportAdapter('ioc/reports', bytes(body), now, ctx))).toContain(reason);
  });

  it('rejects a payload above maxReportBytes', () => {
    const big = bytes({ text: 'x'.repeat(20_000) });
    expect(rejection(citizenReportAdapter('ioc/reports', big, now, ctx))).toBe(
      `payload too large (${big.byteLength} bytes > 16384)`,
    );
  });
});
