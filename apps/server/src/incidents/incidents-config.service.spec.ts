import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COMPATIBILITY } from '@ioc/domain/correlation';
import { DEFAULT_DISPATCH_NEEDS } from '@ioc/domain/dispatch.needs';
import { loadIncidentsConfig } from './incidents-config.service';

const dir = mkdtempSync(join(tmpdir(), 'ioc-incidents-config-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('incidents config (YAML)', () => {
  it('loads the shipped infra/city/incidents.yaml', () => {
    const c = loadIncidentsConfig(join(__dirname, '../../../../infra/city/incidents.yaml'));
    expect(c.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(c.correlation).toMatchObject({ radiusM: 200, windowMin: 10, relinkWindowMin: 60 });
    expect(c.sla.bySeverity.Extreme).toEqual({ ackS: 120, dispatchS: 300, resolveS: 3600 });
    expect(c.dispatch.speedsKmh.fire).toBe(40);
    expect(c.dispatch.needs.fire?.[0]).toEqual({
      severities: ['Extreme', 'Severe'],
      units: [
        { type: 'fire', count: 2 },
        { type: 'ambulance', count: 1 },
        { type: 'traffic', count: 1 },
      ],
    });
    // the shipped table spells out the built-in one (an operator edits a copy of what is in force)
    expect(c.dispatch.needs).toEqual(DEFAULT_DISPATCH_NEEDS);
    expect(c.dispatch.avl).toEqual({ enabled: true, checkIntervalS: 5, arrivalRadiusM: 80, movingKmh: 8 });
    expect(c.cap.sender).toMatch(/@/);
  });

  it('fills every absent key with the libs/domain defaults', () => {
    const c = loadIncidentsConfig(file('empty.yaml', ''));
    expect(c.correlation).toEqual({
      radiusM: 200,
      windowMin: 10,
      compatibility: { ...DEFAULT_COMPATIBILITY },
      relinkWindowMin: 60,
    });
    expect(c.dispatch.defaultSpeedKmh).toBe(40);
    expect(c.dispatch.needs).toEqual({});
    expect(c.dispatch.avl.arrivalRadiusM).toBe(80);
    expect(c.sop).toEqual({});
    expect(c.cap.scope).toBe('Public');
  });

  it.each([
    ['bad-tz.yaml', 'timeZone: Mars/Base', 'timeZone'],
    ['bad-radius.yaml', 'correlation: { radiusM: -5 }', 'correlation.radiusM'],
    ['bad-relink.yaml', 'correlation: { relinkWindowMin: -1 }', 'correlation.relinkWindowMin'],
    ['bad-cat.yaml', 'correlation: { compatibility: { fire: [lava] } }', 'correlation.compatibility.fire.0'],
    ['bad-sla.yaml', 'sla: { bySeverity: { Severe: { ackS: 0 } } }', 'sla.bySeverity.Severe.ackS'],
    ['bad-key.yaml', 'corelation: {}', ''],
    ['bad-sop.yaml', 'sop: { fire: [{ id: a, vi: x, en: y }, { id: a, vi: x, en: y }] }', 'sop.fire'],
    ['bad-sender.yaml', 'cap: { sender: "a b" }', 'cap.sender'],
    [
      'bad-need.yaml',
      'dispatch: { needs: { fire: [{ units: [{ type: tank, count: 1 }] }] } }',
      'dispatch.needs.fire.0.units.0.type',
    ],
    [
      'bad-count.yaml',
      'dispatch: { needs: { fire: [{ units: [{ type: fire, count: 0 }] }] } }',
      'dispatch.needs.fire.0.units.0.count',
    ],
    ['bad-avl.yaml', 'dispatch: { avl: { arrivalRadiusM: -1 } }', 'dispatch.avl.arrivalRadiusM'],
    ['bad-yaml.yaml', 'sla: [', ''],
  ])('refuses %s with one line naming the file and key', (name, text, key) => {
    let err: Error | undefined;
    try {
      loadIncidentsConfig(file(name, text));
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toContain(name);
    expect(err?.message).toContain(`[${key}]`.replace('[]', ''));
    expect(err?.message.split('\n')).toHaveLength(1);
  });

  it('refuses a missing file', () => {
    expect(() => loadIncidentsConfig(join(dir, 'nope.yaml'))).toThrow(/not found/);
  });
});
