import { IncidentCategorySchema } from '@ioc/contracts/incident.schema';
import { DEFAULT_SOP_CHECKLISTS, isSopItem, sopChecklistFor, sopProgress } from './sop.checklists';

describe('default SOP checklists', () => {
  it('has a checklist for every category, with unique ids and both languages', () => {
    for (const category of IncidentCategorySchema.options) {
      const items = DEFAULT_SOP_CHECKLISTS[category];
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      for (const i of items) {
        expect(i.vi.trim()).not.toBe('');
        expect(i.en.trim()).not.toBe('');
        expect(i.vi).not.toBe(i.en);
      }
    }
  });

  it('tells the fire operator to call 114 and the security operator to call 113', () => {
    expect(DEFAULT_SOP_CHECKLISTS.fire).toContainEqual({
      id: 'call-114',
      vi: 'Gọi PCCC 114',
      en: 'Call fire brigade 114',
    });
    expect(DEFAULT_SOP_CHECKLISTS.security.find((i) => i.id === 'call-113')?.vi).toBe('Báo Công an 113');
    expect(DEFAULT_SOP_CHECKLISTS.flood.map((i) => i.id)).toContain('evacuate');
  });

  it('starts every checklist with verification and ends with the closing report', () => {
    for (const items of Object.values(DEFAULT_SOP_CHECKLISTS)) {
      expect(items[0].id).toBe('verify');
      expect(items[items.length - 1].id).toBe('final-report');
    }
  });
});

describe('sopChecklistFor', () => {
  it('prefers the configured checklist', () => {
    const custom = [{ id: 'x', vi: 'Việc X', en: 'Task X' }];
    expect(sopChecklistFor('fire', { fire: custom })).toBe(custom);
    expect(sopChecklistFor('flood', { fire: custom })).toBe(DEFAULT_SOP_CHECKLISTS.flood);
    expect(sopChecklistFor('other')).toBe(DEFAULT_SOP_CHECKLISTS.other);
  });
});

describe('sopProgress', () => {
  const items = DEFAULT_SOP_CHECKLISTS.fire;

  it('counts ticks and names the next item in order', () => {
    const p = sopProgress(items, ['verify', 'cut-power']);
    expect(p).toMatchObject({ done: 2, total: 7, complete: false, unknown: [] });
    expect(p.next?.id).toBe('call-114');
  });

  it('is complete when every item is ticked, and reports stray ticks', () => {
    const p = sopProgress(items, [...items.map((i) => i.id), 'old-item']);
    expect(p).toEqual({ done: 7, total: 7, complete: true, next: null, unknown: ['old-item'] });
  });

  it('validates item ids', () => {
    expect(isSopItem(items, 'call-114')).toBe(true);
    expect(isSopItem(items, 'call-115x')).toBe(false);
  });
});
