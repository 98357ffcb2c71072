import { CameraEventSchema, type CameraEvent } from '@ioc/contracts/camera-event.schema';
import {
  evaluateCameraRules,
  inTimeWindow,
  matchesCameraRule,
  normalizePlate,
  vnMinuteOfDay,
  type CameraRule,
} from './camera.rule';

/** A valid event (checked against the contract) with overrides. */
function event(over: Partial<CameraEvent> = {}): CameraEvent {
  return CameraEventSchema.parse({
    id: '1746113400.123456-abc123',
    camera: 'cam-cho-phan-thiet',
    frigateCamera: 'cho_phan_thiet',
    phase: 'new',
    label: 'person',
    subLabel: null,
    score: 0.71,
    topScore: 0.86,
    zones: ['loi_vao', 'bai_xe'],
    startTime: '2025-05-01T15:30:00.000Z', // 22:30 in Phan Thiết
    endTime: null,
    falsePositive: false,
    hasSnapshot: true,
    hasClip: false,
    snapshotUrl: null,
    clipUrl: null,
    plate: null,
    source: 'frigate',
    ...over,
  });
}

const nightIntrusion: CameraRule = {
  id: 'night-person-parking',
  labels: ['person'],
  zones: ['bai_xe', 'kho'],
  minScore: 0.8,
  timeWindows: [{ from: '22:00', to: '05:00' }],
};

describe('normalizePlate', () => {
  it.each([
    ['51F-123.45', '51F12345'],
    ['51f 123 45', '51F12345'],
    ['51F12345', '51F12345'],
    [' 86a-001.23 ', '86A00123'],
    ['86B1–234.56', '86B123456'],
  ])('%p → %p', (raw, normalized) => {
    expect(normalizePlate(raw)).toBe(normalized);
  });
});

describe('local time windows (Asia/Ho_Chi_Minh, UTC+7)', () => {
  it('converts UTC to Vietnam minutes of the day', () => {
    expect(vnMinuteOfDay('2025-05-01T15:30:00Z')).toBe(22 * 60 + 30);
    expect(vnMinuteOfDay('2025-05-01T17:00:00Z')).toBe(0);
    expect(vnMinuteOfDay('2025-05-01T21:59:00Z')).toBe(4 * 60 + 59);
    expect(vnMinuteOfDay('2025-05-01T01:00:00Z')).toBe(8 * 60);
  });

  it('handles windows that cross midnight: from inclusive, to exclusive', () => {
    const night = { from: '22:00', to: '05:00' };
    expect(inTimeWindow(night, 22 * 60)).toBe(true);
    expect(inTimeWindow(night, 23 * 60 + 59)).toBe(true);
    expect(inTimeWindow(night, 0)).toBe(true);
    expect(inTimeWindow(night, 4 * 60 + 59)).toBe(true);
    expect(inTimeWindow(night, 5 * 60)).toBe(false);
    expect(inTimeWindow(night, 21 * 60 + 59)).toBe(false);
    expect(inTimeWindow(night, 12 * 60)).toBe(false);
  });

  it('handles same-day windows and treats equal ends as all day', () => {
    const day = { from: '07:30', to: '17:00' };
    expect(inTimeWindow(day, 7 * 60 + 29)).toBe(false);
    expect(inTimeWindow(day, 7 * 60 + 30)).toBe(true);
    expect(inTimeWindow(day, 17 * 60)).toBe(false);
    expect(inTimeWindow({ from: '00:00', to: '00:00' }, 13 * 60)).toBe(true);
  });

  it('rejects malformed times', () => {
    expect(() => inTimeWindow({ from: '25:00', to: '05:00' }, 0)).toThrow(RangeError);
    expect(() => inTimeWindow({ from: '7h', to: '05:00' }, 0)).toThrow(/HH:MM/);
  });
});

describe('matchesCameraRule', () => {
  it('matches a person in a watched zone at night with a high enough top score', () => {
    expect(matchesCameraRule(event(), nightIntrusion)).toBe(true);
  });

  it('refuses on label, zone, score, time, camera and false positives', () => {
    expect(matchesCameraRule(event({ label: 'car' }), nightIntrusion)).toBe(false);
    expect(matchesCameraRule(event({ zones: ['via_he'] }), nightIntrusion)).toBe(false);
    expect(matchesCameraRule(event({ zones: [] }), nightIntrusion)).toBe(false);
    expect(matchesCameraRule(event({ topScore: 0.79 }), nightIntrusion)).toBe(false);
    expect(matchesCameraRule(event({ startTime: '2025-05-01T05:00:00Z' }), nightIntrusion)).toBe(false); // 12:00
    expect(matchesCameraRule(event({ falsePositive: true }), nightIntrusion)).toBe(false);
    expect(matchesCameraRule(event(), { ...nightIntrusion, cameras: ['cam-nga-bay'] })).toBe(false);
  });

  it('uses the current score when there is no top score, and refuses without any score', () => {
    expect(matchesCameraRule(event({ topScore: null, score: 0.81 }), nightIntrusion)).toBe(true);
    expect(matchesCameraRule(event({ topScore: null, score: null }), nightIntrusion)).toBe(false);
  });

  it('matches at 04:59 but not 05:00 local', () => {
    expect(matchesCameraRule(event({ startTime: '2025-05-01T21:59:59Z' }), nightIntrusion)).toBe(true);
    expect(matchesCameraRule(event({ startTime: '2025-05-01T22:00:00Z' }), nightIntrusion)).toBe(false);
  });

  it('compares labels case-insensitively and treats absent zones as anywhere', () => {
    expect(matchesCameraRule(event({ label: 'Person', zones: [] }), { id: 'any', labels: ['person'] })).toBe(
      true,
    );
  });

  it('matches watch-list plates whatever their punctuation', () => {
    const watch: CameraRule = {
      id: 'watch',
      labels: ['car', 'motorcycle'],
      plates: ['51F-123.45', '86A-001.23'],
    };
    expect(matchesCameraRule(event({ label: 'car', plate: '51F12345' }), watch)).toBe(true);
    expect(matchesCameraRule(event({ label: 'motorcycle', plate: '86a 00123' }), watch)).toBe(true);
    expect(matchesCameraRule(event({ label: 'car', plate: '51F12346' }), watch)).toBe(false);
    expect(matchesCameraRule(event({ label: 'car', plate: null }), watch)).toBe(false);
  });
});

describe('evaluateCameraRules', () => {
  const rules: CameraRule[] = [
    nightIntrusion,
    { id: 'fire-smoke', labels: ['fire', 'smoke'], minScore: 0.6 },
    { id: 'watch-list', labels: ['car'], plates: ['51F-123.45'] },
  ];

  it('proposes a fire incident for fire/smoke labels', () => {
    expect(evaluateCameraRules(event({ label: 'smoke', zones: [] }), rules)).toEqual({
      matchedRuleIds: ['fire-smoke'],
      ruleId: 'fire-smoke',
      proposal: {
        category: 'fire',
        severity: 'Severe',
        title: {
          vi: 'Phát hiện khói tại camera cam-cho-phan-thiet',
          en: 'Smoke detected at camera cam-cho-phan-thiet',
        },
      },
    });
    expect(evaluateCameraRules(event({ label: 'fire' }), rules).proposal?.title.en).toBe(
      'Fire detected at camera cam-cho-phan-thiet',
    );
  });

  it('proposes a security incident naming the zone for an intrusion', () => {
    expect(evaluateCameraRules(event(), rules)).toEqual({
      matchedRuleIds: ['night-person-parking'],
      ruleId: 'night-person-parking',
      proposal: {
        category: 'security',
        severity: 'Minor',
        title: {
          vi: 'Phát hiện người trong vùng bai_xe tại camera cam-cho-phan-thiet',
          en: 'Person detected in zone bai_xe at camera cam-cho-phan-thiet',
        },
      },
    });
  });

  it('proposes a security incident with the normalised plate', () => {
    const result = evaluateCameraRules(event({ label: 'car', plate: '51F 123.45' }), rules);
    expect(result.matchedRuleIds).toEqual(['watch-list']);
    expect(result.proposal).toEqual({
      category: 'security',
      severity: 'Moderate',
      title: {
        vi: 'Biển số trong danh sách theo dõi 51F12345 tại camera cam-cho-phan-thiet',
        en: 'Watch-list plate 51F12345 at camera cam-cho-phan-thiet',
      },
    });
  });

  it('picks the most severe proposal when several rules match, and uses configured category/severity', () => {
    const many: CameraRule[] = [
      { id: 'a', labels: ['person'] },
      { id: 'b', labels: ['person'], category: 'traffic', severity: 'Severe' },
      { id: 'c', labels: ['person'], severity: 'Severe' },
    ];
    const result = evaluateCameraRules(event(), many);
    expect(result.matchedRuleIds).toEqual(['a', 'b', 'c']);
    expect(result.proposal).toMatchObject({ category: 'traffic', severity: 'Severe' });
    expect(result.ruleId).toBe('b');
  });

  it('names the camera by its configured name when given', () => {
    const result = evaluateCameraRules(event({ label: 'fire' }), rules, 'Camera Chợ Phan Thiết');
    expect(result.proposal?.title).toEqual({
      vi: 'Phát hiện cháy tại Camera Chợ Phan Thiết',
      en: 'Fire detected at Camera Chợ Phan Thiết',
    });
  });

  it('returns nothing when no rule matches', () => {
    expect(evaluateCameraRules(event({ label: 'dog' }), rules)).toEqual({
      matchedRuleIds: [],
      proposal: null,
      ruleId: null,
    });
  });
});
