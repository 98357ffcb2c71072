/**
 * SLA clocks per incident: time-to-ack, time-to-dispatch and time-to-resolve, all measured from when
 * the incident opened, against targets per severity (optionally overridden per category). Pure: the
 * caller passes `now`, so tests drive a controllable clock.
 */
import type { CapSeverity, IncidentStatus } from '@ioc/contracts/incident.schema';

export type SlaStage = 'ack' | 'dispatch' | 'resolve';
export const SLA_STAGES: readonly SlaStage[] = ['ack', 'dispatch', 'resolve'];

/** Seconds from opening. */
export interface SlaTargets {
  ackS: number;
  dispatchS: number;
  resolveS: number;
}

const min = (m: number) => m * 60;

/** Defaults for a city IOC; every city sets its own in config. Unknown is treated like Moderate. */
export const DEFAULT_SLA_TARGETS: Readonly<Record<CapSeverity, Readonly<SlaTargets>>> = Object.freeze({
  Extreme: { ackS: min(2), dispatchS: min(5), resolveS: min(60) },
  Severe: { ackS: min(5), dispatchS: min(10), resolveS: min(120) },
  Moderate: { ackS: min(15), dispatchS: min(30), resolveS: min(240) },
  Minor: { ackS: min(60), dispatchS: min(120), resolveS: min(1440) },
  Unknown: { ackS: min(15), dispatchS: min(30), resolveS: min(240) },
});

export interface SlaConfig {
  bySeverity?: Partial<Record<CapSeverity, Partial<SlaTargets>>>;
  /** Category overrides win over severity ones, e.g. fire: { Moderate: { dispatchS: 300 } }. */
  byCategory?: Readonly<Record<string, Partial<Record<CapSeverity, Partial<SlaTargets>>>>>;
}

export function slaTargets(category: string, severity: CapSeverity, config: SlaConfig = {}): SlaTargets {
  return {
    ...DEFAULT_SLA_TARGETS[severity],
    ...config.bySeverity?.[severity],
    ...config.byCategory?.[category]?.[severity],
  };
}

export interface SlaIncident {
  category: string;
  severity: CapSeverity;
  status: IncidentStatus;
  openedAt: string;
  acknowledgedAt: string | null;
  dispatchedAt: string | null;
  resolvedAt: string | null;
}

/**
 * pending: clock running, within target; overdue: running and past target (escalate);
 * met / breached: done within / after target; not_applicable: the incident ended without this step
 * (cancelled, or resolved without dispatch).
 */
export type SlaStageState = 'pending' | 'overdue' | 'met' | 'breached' | 'not_applicable';

export interface SlaStageStatus {
  state: SlaStageState;
  targetS: number;
  /** ISO time the target falls due. */
  deadline: string;
  /** Seconds used so far (running) or to completion (done); null when not applicable. */
  elapsedS: number | null;
  /** targetS − elapsedS: negative when late; null when not applicable. */
  remainingS: number | null;
}

export interface SlaStatus {
  stages: Record<SlaStage, SlaStageStatus>;
  /** True while any stage is overdue: the UI flag. */
  overdue: boolean;
  /** Earliest deadline of a stage still running within target; null if none. */
  nextDeadline: string | null;
}

const DONE_FIELD: Record<SlaStage, keyof SlaIncident> = {
  ack: 'acknowledgedAt',
  dispatch: 'dispatchedAt',
  resolve: 'resolvedAt',
};
const TARGET_FIELD: Record<SlaStage, keyof SlaTargets> = {
  ack: 'ackS',
  dispatch: 'dispatchS',
  resolve: 'resolveS',
};
const ENDED: readonly IncidentStatus[] = ['resolved', 'closed', 'cancelled'];

export function slaState(
  incident: SlaIncident,
  now: Date | number | string,
  config: SlaConfig = {},
): SlaStatus {
  const targets = slaTargets(incident.category, incident.severity, config);
  const opened = Date.parse(incident.openedAt);
  const nowMs = new Date(now).getTime();
  const stages = {} as Record<SlaStage, SlaStageStatus>;
  for (const stage of SLA_STAGES) {
    const targetS = targets[TARGET_FIELD[stage]];
    const deadline = new Date(opened + targetS * 1000).toISOString();
    const doneAt = incident[DONE_FIELD[stage]] as string | null;
    if (doneAt) {
      const elapsedS = (Date.parse(doneAt) - opened) / 1000;
      stages[stage] = {
        state: elapsedS <= targetS ? 'met' : 'breached',
        targetS,
        deadline,
        elapsedS,
        remainingS: targetS - elapsedS,
      };
    } else if (ENDED.includes(incident.status)) {
      stages[stage] = { state: 'not_applicable', targetS, deadline, elapsedS: null, remainingS: null };
    } else {
      const elapsedS = (nowMs - opened) / 1000;
      const remainingS = targetS - elapsedS;
      stages[stage] = {
        state: remainingS < 0 ? 'overdue' : 'pending',
        targetS,
        deadline,
        elapsedS,
        remainingS,
      };
    }
  }
  const pending = SLA_STAGES.filter((s) => stages[s].state === 'pending').map((s) => stages[s].deadline);
  return {
    stages,
    overdue: SLA_STAGES.some((s) => stages[s].state === 'overdue'),
    nextDeadline: pending.length ? pending.sort()[0] : null,
  };
}

/** Overdue stages not yet escalated: one escalation event each, however often the check runs. */
export function stagesToEscalate(status: SlaStatus, alreadyEscalated: readonly SlaStage[]): SlaStage[] {
  return SLA_STAGES.filter((s) => status.stages[s].state === 'overdue' && !alreadyEscalated.includes(s));
}

/**
 * After a re-triage (new severity or category, so new targets; the deadlines are computed, never stored):
 * an escalation stays recorded for stages that are still late under the new targets (overdue, or done
 * after their target), and is cleared for the others, so such a stage escalates again if it falls due
 * later. The overdue flag follows: set while a stage is late or an escalation stays recorded.
 */
export function slaAfterRetriage(
  incident: SlaIncident,
  now: Date | number | string,
  config: SlaConfig,
  escalated: readonly SlaStage[],
): { overdue: boolean; escalatedStages: SlaStage[] } {
  const state = slaState(incident, now, config);
  const late = (s: SlaStage) => state.stages[s].state === 'overdue' || state.stages[s].state === 'breached';
  const escalatedStages = SLA_STAGES.filter((s) => escalated.includes(s) && late(s));
  return { overdue: state.overdue || escalatedStages.length > 0, escalatedStages };
}
