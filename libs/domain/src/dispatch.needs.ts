/**
 * What an incident needs on scene, per category and severity: the unit types and how many of each. The
 * dispatch dialog pre-ticks exactly these (nearest first) and never a type the category does not need;
 * incidents.yaml `dispatch.needs` replaces a category's rules.
 */
import type { UnitNeed } from '@ioc/contracts/dispatch-plan.dto';
import type { CapSeverity } from '@ioc/contracts/incident-signal.schema';
import type { IncidentCategory } from '@ioc/contracts/incident.schema';
import type { UnitType } from '@ioc/contracts/unit.schema';

/** One rule: for these severities (absent: any), these units. The first matching rule of a category wins. */
export interface NeedRule {
  severities?: readonly CapSeverity[];
  units: readonly UnitNeed[];
}

export type NeedsTable = Partial<Record<IncidentCategory, readonly NeedRule[]>>;

const n = (type: UnitType, count = 1): UnitNeed => ({ type, count });
const GRAVE: readonly CapSeverity[] = ['Extreme', 'Severe'];

/**
 * Built-in needs, after the usual Vietnamese practice: a serious fire gets two engines (PCCC), an
 * ambulance (115) and traffic police to clear the way; floods the drainage company and police; air
 * quality the urban environment team. `other` needs nothing: the operator chooses.
 */
export const DEFAULT_DISPATCH_NEEDS: Readonly<Record<IncidentCategory, readonly NeedRule[]>> = {
  fire: [{ severities: GRAVE, units: [n('fire', 2), n('ambulance'), n('traffic')] }, { units: [n('fire')] }],
  flood: [
    { severities: GRAVE, units: [n('utility'), n('environment'), n('police'), n('traffic')] },
    { units: [n('utility'), n('police')] },
  ],
  air_quality: [{ units: [n('environment')] }],
  environment: [{ units: [n('environment')] }],
  security: [{ severities: GRAVE, units: [n('police', 2)] }, { units: [n('police')] }],
  traffic: [{ severities: GRAVE, units: [n('traffic'), n('ambulance')] }, { units: [n('traffic')] }],
  utility: [{ units: [n('utility')] }],
  other: [],
};

/** The needs of an incident: the category's first rule matching its severity (configured rules win). */
export function needsFor(
  category: IncidentCategory,
  severity: CapSeverity,
  configured: NeedsTable = {},
): UnitNeed[] {
  const rules = configured[category] ?? DEFAULT_DISPATCH_NEEDS[category] ?? [];
  const rule = rules.find((r) => !r.severities?.length || r.severities.includes(severity));
  return rule ? rule.units.map((u) => ({ ...u })) : [];
}
