import { AdapterResultSchema, NormalizedRecordSchema } from './feed-result.schema';
import { CameraEventSchema } from './camera-event.schema';
import { IncidentSignalSchema } from './incident-signal.schema';
import { UtcTimeSchema } from './utc-time.schema';

const event = {
  id: '1607123955.475377-mxklsc',
  camera: 'cam-01',
  frigateCamera: 'front_door',
  phase: 'update',
  label: 'person',
  subLabel: null,
  score: 0.8,
  topScore: 0.95,
  zones: ['yard'],
  startTime: '2020-12-04T23:19:15.475Z',
  endTime: null,
  falsePositive: false,
  hasSnapshot: false,
  hasClip: false,
  snapshotUrl: null,
  clipUrl: null,
  plate: null,
  source: 'frigate',
};

describe('feed result contracts', () => {
  it('UTC times must end in Z (adapters normalise offsets)', () => {
    expect(UtcTimeSchema.safeParse('2020-02-12T15:15:45.789Z').success).toBe(true);
    expect(UtcTimeSchema.safeParse('2020-02-12T15:15:45+07:00').success).toBe(false);
    expect(UtcTimeSchema.safeParse('2020-02-12T15:15:45').success).toBe(false);
  });

  it('a camera event validates and a bad score does not', () => {
    expect(CameraEventSchema.safeParse(event).success).toBe(true);
    expect(CameraEventSchema.safeParse({ ...event, score: 1.5 }).success).toBe(false);
    expect(CameraEventSchema.safeParse({ ...event, box: [1, 2, 3] }).success).toBe(false);
  });

  it('records are discriminated by type', () => {
    expect(NormalizedRecordSchema.safeParse({ type: 'camera_event', event }).success).toBe(true);
    expect(NormalizedRecordSchema.safeParse({ type: 'camera_event', review: event }).success).toBe(false);
    expect(NormalizedRecordSchema.safeParse({ type: 'bogus', event }).success).toBe(false);
  });

  it('signal severity is the CAP 1.2 enum', () => {
    const signal = {
      kind: 'citizen_report',
      sourceId: 'report:1',
      time: '2024-11-22T08:00:00.000Z',
      category: 'flood',
      subCategory: null,
      severity: 'Unknown',
      description: 'Ngập',
      lat: null,
      lon: null,
      contact: null,
      photoUrl: null,
      raw: {},
      source: 'citizen',
    };
    expect(IncidentSignalSchema.safeParse(signal).success).toBe(true);
    expect(IncidentSignalSchema.safeParse({ ...signal, severity: 'high' }).success).toBe(false);
  });

  it('an adapter result is ok+records (optionally skipped) or a rejection with a reason', () => {
    expect(
      AdapterResultSchema.safeParse({ ok: true, records: [], skipped: 'simulated uplink' }).success,
    ).toBe(true);
    expect(AdapterResultSchema.safeParse({ ok: false, reason: 'no route' }).success).toBe(true);
    expect(AdapterResultSchema.safeParse({ ok: false, reason: '' }).success).toBe(false);
    expect(AdapterResultSchema.safeParse({ ok: false }).success).toBe(false);
  });
});
