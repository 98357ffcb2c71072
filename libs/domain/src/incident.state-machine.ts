/**
 * The one incident lifecycle: new → acknowledged → dispatched → en_route → on_scene → resolved → closed,
 * plus cancelled, plus resolved → acknowledged (reopen). The server runs every command through
 * `transition` and answers 409 with `allowed`.
 */
import type { IncidentCommand, IncidentStatus } from '@ioc/contracts/incident.schema';
import type { UnitStatus } from '@ioc/contracts/unit.schema';

export type TransitionResult =
  { ok: true; to: IncidentStatus; changesStatus: boolean } | { ok: false; allowed: IncidentCommand[] };

/**
 * Open = still needs attention (correlation attaches new signals only to these). The one list: server
 * queries pass it as a parameter; SQL partial indexes that must spell it out say they mirror it.
 */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = Object.freeze([
  'new',
  'acknowledged',
  'dispatched',
  'en_route',
  'on_scene',
]);
const ACTIVE = OPEN_INCIDENT_STATUSES;
const WORKING: readonly IncidentStatus[] = ['acknowledged', 'dispatched', 'en_route', 'on_scene'];
/** Open, or resolved and waiting for a supervisor to close it: what the console's queue and map show. */
export const NON_TERMINAL_INCIDENT_STATUSES: readonly IncidentStatus[] = Object.freeze([
  ...ACTIVE,
  'resolved',
]);
const NOT_TERMINAL = NON_TERMINAL_INCIDENT_STATUSES;

/**
 * For each command: the statuses it is accepted in, and where it leads (`same` keeps the status).
 * Dispatch from dispatched/en_route/on_scene sends more units without moving the incident back.
 * Resolve is allowed without dispatch (handled remotely) but not before someone acknowledged it.
 */
const RULES: Readonly<
  Record<IncidentCommand, { from: readonly IncidentStatus[]; to: IncidentStatus | 'same' }>
> = {
  ack: { from: ['new'], to: 'acknowledged' },
  dispatch: { from: WORKING, to: 'dispatched' },
  en_route: { from: ['dispatched'], to: 'en_route' },
  on_scene: { from: ['dispatched', 'en_route'], to: 'on_scene' },
  resolve: { from: WORKING, to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  cancel: { from: ACTIVE, to: 'cancelled' },
  // Notes stay possible after closing (post-incident review); assignment and SOP work do not.
  comment: { from: [...NOT_TERMINAL, 'closed', 'cancelled'], to: 'same' },
  assign: { from: NOT_TERMINAL, to: 'same' },
  tick_sop: { from: NOT_TERMINAL, to: 'same' },
  // Back to `acknowledged`, not `new`: someone already owns it and the ack clock was met — reopening must
  // not page the desk as if it were unseen; its units were freed on resolve, so not `dispatched` either
  // (the operator dispatches again if needed). The resolve clock runs again. Closed incidents stay closed.
  reopen: { from: ['resolved'], to: 'acknowledged' },
  // Severity, category and titles can change while the incident is worked, not after it ended.
  retriage: { from: ACTIVE, to: 'same' },
  // The duplicate (the source) is cancelled; where it may be merged into: `canReceiveMerge`.
  merge: { from: ACTIVE, to: 'cancelled' },
};

const COMMAND_ORDER = Object.keys(RULES) as IncidentCommand[];

/** Statuses a later dispatch must not move back to `dispatched`. */
const PAST_DISPATCH: readonly IncidentStatus[] = ['en_route', 'on_scene'];

export function allowedCommands(status: IncidentStatus): IncidentCommand[] {
  return COMMAND_ORDER.filter((c) => RULES[c].from.includes(status));
}

/** Whether `command` is accepted in `status` (the console offers only these, the server refuses the rest). */
export function isCommandAllowed(status: IncidentStatus, command: IncidentCommand): boolean {
  return RULES[command].from.includes(status);
}

export function transition(status: IncidentStatus, command: IncidentCommand): TransitionResult {
  const rule = RULES[command];
  if (!rule || !rule.from.includes(status)) return { ok: false, allowed: allowedCommands(status) };
  let to = rule.to === 'same' ? status : rule.to;
  if (command === 'dispatch' && PAST_DISPATCH.includes(status)) to = status;
  return { ok: true, to, changesStatus: to !== status };
}

/**
 * Whether an incident in `status` may take a duplicate's evidence: open or resolved (a recurrence of a
 * resolved incident is merged into it, then reopened), never closed or cancelled (their record is final).
 */
export function canReceiveMerge(status: IncidentStatus): boolean {
  return NOT_TERMINAL.includes(status);
}

/** Open = still needs attention: correlation attaches new signals only to these. */
export function isOpenStatus(status: IncidentStatus): boolean {
  return ACTIVE.includes(status);
}

/** No command but `comment` applies any more. */
export function isTerminalStatus(status: IncidentStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

/** Units working an incident follow its status; resolving, closing or cancelling frees them. */
export function unitStatusForIncidentStatus(status: IncidentStatus): UnitStatus | null {
  switch (status) {
    case 'dispatched':
      return 'dispatched';
    case 'en_route':
      return 'en_route';
    case 'on_scene':
      return 'on_scene';
    case 'resolved':
    case 'closed':
    case 'cancelled':
      return 'available';
    default:
      return null;
  }
}
