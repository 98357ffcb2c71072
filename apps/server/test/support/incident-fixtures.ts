import type { IncidentProposal } from '../../src/incidents/incident-proposal.types';

let n = 0;

/** A proposal as the rules engine would hand it over; every call gets its own key and evidence ref. */
export function proposal(over: Partial<IncidentProposal> = {}): IncidentProposal {
  n++;
  const tag = `${Date.now().toString(36)}-${n}`;
  return {
    key: `test:${tag}`,
    ruleId: 'test-rule',
    category: 'fire',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    title: { vi: 'Cháy kho hàng gần chợ Phan Thiết', en: 'Warehouse fire near Phan Thiet market' },
    description: 'Camera phát hiện khói',
    // the Cà Ty gauge at Chợ Phan Thiết (city.json pt-wl-05), ward Đức Thắng
    lat: 10.9262,
    lon: 108.1016,
    time: new Date().toISOString(),
    evidence: { kind: 'camera_event', ref: `ev-${tag}`, data: {} },
    ...over,
  };
}
