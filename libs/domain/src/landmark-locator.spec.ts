import { destinationPoint } from './geo';
import { describeLocation, nearestLandmark, roundDistanceM, type Landmark } from './landmark-locator';

const cho: Landmark = { id: 'cho-phan-thiet', name: 'Chợ Phan Thiết', lat: 10.9268, lon: 108.1009 };
const thap: Landmark = { id: 'thap-nuoc', name: 'Tháp nước Phan Thiết', lat: 10.9297, lon: 108.1012 };
const landmarks = [thap, cho];

describe('nearestLandmark', () => {
  it('finds the closest by great-circle distance', () => {
    const p = destinationPoint(cho, 180, 120);
    const n = nearestLandmark(p, landmarks)!;
    expect(n.landmark.id).toBe('cho-phan-thiet');
    expect(n.distanceM).toBeCloseTo(120, 0);
  });

  it('is null without landmarks and breaks ties by id', () => {
    expect(nearestLandmark(cho, [])).toBeNull();
    const twin = { ...cho, id: 'a-twin' };
    expect(nearestLandmark(cho, [cho, twin])!.landmark.id).toBe('a-twin');
  });
});

describe('describeLocation', () => {
  it('says "at" within 30 m', () => {
    expect(describeLocation(destinationPoint(cho, 90, 25), landmarks)).toEqual({ kind: 'at', landmark: cho });
  });

  it('says how far, rounded to 10 m, beyond 30 m', () => {
    expect(describeLocation(destinationPoint(cho, 200, 123), landmarks)).toEqual({
      kind: 'near',
      landmark: cho,
      distanceM: 120,
    });
    expect(describeLocation(destinationPoint(thap, 0, 1449), landmarks)).toEqual({
      kind: 'near',
      landmark: thap,
      distanceM: 1400,
    });
  });

  it('gives nothing too far away, without a position or without landmarks', () => {
    expect(describeLocation(destinationPoint(cho, 180, 6000), landmarks)).toBeNull();
    expect(describeLocation({ lat: null, lon: null }, landmarks)).toBeNull();
    expect(describeLocation({ lat: Number.NaN, lon: 108 }, landmarks)).toBeNull();
    expect(describeLocation(cho, [])).toBeNull();
  });

  it('honours custom thresholds', () => {
    const p = destinationPoint(cho, 0, 50);
    expect(describeLocation(p, landmarks, { atM: 60 })?.kind).toBe('at');
    expect(describeLocation(p, landmarks, { maxM: 40 })).toBeNull();
  });
});

describe('roundDistanceM', () => {
  it('uses 10 m steps below 1 km and 100 m steps above, never 0', () => {
    expect([3, 34, 35, 994, 995, 1049, 1051, 12_340].map(roundDistanceM)).toEqual([
      10, 30, 40, 990, 1000, 1000, 1100, 12_300,
    ]);
  });
});
