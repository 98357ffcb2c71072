import {
  angleDiffDeg,
  bboxContains,
  bearingDeg,
  camerasSeeing,
  destinationPoint,
  haversineM,
  inCameraView,
  type CameraView,
} from './geo';

// Points from the demo city (infra/city/city.json), Phan Thiết.
const choPhanThiet = { lat: 10.9262, lon: 108.1003 }; // air-quality station, Chợ Phan Thiết
const quangTruong = { lat: 10.934, lon: 108.108 }; // Quảng trường Nguyễn Tất Thành
const fireMuiNe = { lat: 10.959, lon: 108.232 }; // fire truck at Mũi Né

/** 1° of latitude on the mean-radius sphere: π/180 × 6 371 008.8 m. */
const M_PER_DEG = 111_195.08;

describe('haversineM', () => {
  it('gives 1° of latitude and 1° of longitude at the equator as 111 195 m', () => {
    expect(haversineM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(M_PER_DEG, 1);
    expect(haversineM({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(M_PER_DEG, 1);
  });

  it('shrinks longitude degrees by cos(latitude): 1° at 60° N is half', () => {
    expect(haversineM({ lat: 60, lon: 0 }, { lat: 60, lon: 1 })).toBeCloseTo(55_597.5, -1);
  });

  it('matches hand-computed Phan Thiết distances', () => {
    // Δlat 0.0078° → 867.32 m; Δlon 0.0077° × cos(10.93°) → 840.67 m; √(867.32² + 840.67²) = 1207.88 m
    expect(haversineM(choPhanThiet, quangTruong)).toBeCloseTo(1207.88, 1);
    // Δlat 0.0328° → 3647.2 m; Δlon 0.1317° × cos(10.94°) → 14 378.1 m; → 14 833.5 m
    expect(haversineM(choPhanThiet, fireMuiNe)).toBeCloseTo(14_833.5, 0);
  });

  it('gives Hà Nội – TP HCM (Hoàn Kiếm – Bến Thành area) about 1 143.5 km', () => {
    expect(haversineM({ lat: 21.0285, lon: 105.8542 }, { lat: 10.7769, lon: 106.7009 }) / 1000).toBeCloseTo(
      1143.5,
      0,
    );
  });

  it('is symmetric and zero for the same point', () => {
    expect(haversineM(quangTruong, choPhanThiet)).toBe(haversineM(choPhanThiet, quangTruong));
    expect(haversineM(choPhanThiet, choPhanThiet)).toBe(0);
  });
});

describe('bearingDeg and destinationPoint', () => {
  it('gives the cardinal directions', () => {
    const o = { lat: 10, lon: 108 };
    expect(bearingDeg(o, { lat: 11, lon: 108 })).toBeCloseTo(0, 9);
    expect(bearingDeg(o, { lat: 10, lon: 109 })).toBeCloseTo(89.91, 2); // great circle leans poleward
    expect(bearingDeg(o, { lat: 9, lon: 108 })).toBeCloseTo(180, 9);
    expect(bearingDeg(o, { lat: 10, lon: 107 })).toBeCloseTo(270.09, 2);
  });

  it('gives Chợ Phan Thiết → Quảng trường about north-east (atan2(840.67, 867.32) = 44.1°)', () => {
    expect(bearingDeg(choPhanThiet, quangTruong)).toBeCloseTo(44.1, 1);
  });

  it('round-trips with destinationPoint', () => {
    for (const [b, d] of [
      [0, 100],
      [45, 1207.88],
      [200, 5000],
      [359, 30],
    ]) {
      const p = destinationPoint(choPhanThiet, b, d);
      expect(haversineM(choPhanThiet, p)).toBeCloseTo(d, 6);
      expect(angleDiffDeg(bearingDeg(choPhanThiet, p), b)).toBeLessThan(1e-6);
    }
    expect(destinationPoint({ lat: 0, lon: 0 }, 90, M_PER_DEG)).toMatchObject({ lat: expect.closeTo(0, 9) });
    expect(destinationPoint({ lat: 0, lon: 0 }, 90, M_PER_DEG).lon).toBeCloseTo(1, 6);
  });

  it('measures angle differences across north', () => {
    expect(angleDiffDeg(350, 10)).toBe(20);
    expect(angleDiffDeg(10, 350)).toBe(20);
    expect(angleDiffDeg(90, 270)).toBe(180);
  });
});

describe('inCameraView', () => {
  // cam-cho-phan-thiet: looks north-east (45°), 90° wide, sees 80 m
  const cam: CameraView & { id: string } = {
    id: 'cam-cho',
    lat: 10.9258,
    lon: 108.1008,
    bearing: 45,
    fov: 90,
    range: 80,
  };

  it('contains points inside the sector, edges included', () => {
    expect(inCameraView(cam, destinationPoint(cam, 45, 50))).toBe(true);
    expect(inCameraView(cam, destinationPoint(cam, 1, 79))).toBe(true);
    expect(inCameraView(cam, destinationPoint(cam, 89.9, 60))).toBe(true);
    expect(inCameraView(cam, cam)).toBe(true);
  });

  it('excludes points outside the angle or beyond the range', () => {
    expect(inCameraView(cam, destinationPoint(cam, 91, 50))).toBe(false);
    expect(inCameraView(cam, destinationPoint(cam, 359, 50))).toBe(false);
    expect(inCameraView(cam, destinationPoint(cam, 225, 10))).toBe(false);
    expect(inCameraView(cam, destinationPoint(cam, 45, 81))).toBe(false);
  });

  it('handles a sector across north and a 360° dome', () => {
    const north = { ...cam, bearing: 0, fov: 110 };
    expect(inCameraView(north, destinationPoint(cam, 310, 40))).toBe(true);
    expect(inCameraView(north, destinationPoint(cam, 300, 40))).toBe(false);
    expect(inCameraView({ ...cam, fov: 360 }, destinationPoint(cam, 225, 70))).toBe(true);
  });

  it('lists the cameras that see a point, nearest first', () => {
    const far = { ...cam, id: 'cam-far', ...destinationPoint(cam, 225, 30) };
    const blind = { ...cam, id: 'cam-blind', bearing: 225 };
    const point = destinationPoint(cam, 45, 20);
    const seen = camerasSeeing(point, [far, blind, cam]);
    expect(seen.map((s) => s.camera.id)).toEqual(['cam-cho', 'cam-far']);
    expect(seen[0].distanceM).toBeCloseTo(20, 6);
    expect(seen[1].distanceM).toBeCloseTo(50, 6);
  });
});

describe('bboxContains', () => {
  const phanThiet = [108.05, 10.88, 108.3, 11.0] as const;

  it('contains points inside and on the edges', () => {
    expect(bboxContains(phanThiet, choPhanThiet)).toBe(true);
    expect(bboxContains(phanThiet, { lat: 10.88, lon: 108.05 })).toBe(true);
    expect(bboxContains(phanThiet, { lat: 11.0, lon: 108.3 })).toBe(true);
  });

  it('excludes points outside', () => {
    expect(bboxContains(phanThiet, { lat: 10.8769, lon: 108.1 })).toBe(false);
    expect(bboxContains(phanThiet, { lat: 10.93, lon: 108.31 })).toBe(false);
    expect(bboxContains(phanThiet, { lat: 21.0285, lon: 105.8542 })).toBe(false);
  });

  it('spans the antimeridian when west > east', () => {
    const fiji = [177, -20, -178, -15] as const;
    expect(bboxContains(fiji, { lat: -17, lon: 179 })).toBe(true);
    expect(bboxContains(fiji, { lat: -17, lon: -179 })).toBe(true);
    expect(bboxContains(fiji, { lat: -17, lon: 170 })).toBe(false);
  });
});
