import { citizenReportStatus, openBackupRequests, sopItemsForUnit } from './field-assignment.rules';
import { DEFAULT_SOP_CHECKLISTS } from './sop.checklists';

describe('sopItemsForUnit', () => {
  it("shows a fire engine the fire brigade's items and never the centre's own", () => {
    const ids = sopItemsForUnit(DEFAULT_SOP_CHECKLISTS.fire, 'fire').map((i) => i.id);
    expect(ids).toEqual(['call-114', 'cut-power']);
    expect(ids).not.toContain('verify');
    expect(sopItemsForUnit(DEFAULT_SOP_CHECKLISTS.fire, 'traffic').map((i) => i.id)).toEqual([
      'traffic-control',
    ]);
  });
  it('shows items meant for every unit to every type', () => {
    expect(sopItemsForUnit(DEFAULT_SOP_CHECKLISTS.flood, 'ambulance').map((i) => i.id)).toEqual(['evacuate']);
  });
});

describe('openBackupRequests', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
  const backup = (s: number, unitId: string) => ({
    action: 'unit_status',
    time: t(s),
    data: { unitId, backup: true },
  });
  it('is open after the last dispatch while the unit works the incident', () => {
    const tl = [{ action: 'dispatch', time: t(1), data: null }, backup(2, 'fire-01')];
    expect(openBackupRequests(tl, ['fire-01'])).toEqual(['fire-01']);
  });
  it('is answered by a later dispatch, and gone once the unit left', () => {
    const tl = [backup(2, 'fire-01'), { action: 'dispatch', time: t(3), data: null }];
    expect(openBackupRequests(tl, ['fire-01'])).toEqual([]);
    expect(openBackupRequests([backup(2, 'fire-01')], [])).toEqual([]);
  });
  it('ignores plain unit progress', () => {
    const tl = [{ action: 'unit_status', time: t(2), data: { unitId: 'fire-01', unitStatus: 'on_scene' } }];
    expect(openBackupRequests(tl, ['fire-01'])).toEqual([]);
  });
});

describe('citizenReportStatus', () => {
  it('maps the incident lifecycle to received → in progress → resolved', () => {
    expect(citizenReportStatus(null, false)).toBe('received');
    expect(citizenReportStatus('new', false)).toBe('received');
    expect(citizenReportStatus('acknowledged', false)).toBe('in_progress');
    expect(citizenReportStatus('on_scene', false)).toBe('in_progress');
    expect(citizenReportStatus('resolved', false)).toBe('resolved');
    expect(citizenReportStatus('closed', false)).toBe('resolved');
  });
  it('says closed for spam and cancelled incidents', () => {
    expect(citizenReportStatus('resolved', true)).toBe('closed');
    expect(citizenReportStatus('cancelled', false)).toBe('closed');
  });
});
