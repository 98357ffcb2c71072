import { Injectable, Logger } from '@nestjs/common';
import type { IncidentProposal, RaiseResult } from '../incidents/incident-proposal.types';
import { IncidentsService } from '../incidents/incidents.service';
import { fiwareProposal, reportProposal, type SignalFact } from './proposal.factory';
import { RulesConfigService } from './rules-config.service';
import { SignalQueueRepository, type QueuedSignal, type SignalMarker } from './signal-queue.repository';

/** Attempts before a signal that keeps failing is set aside (processed, with its last error). */
export const SIGNAL_MAX_ATTEMPTS = 5;

export interface SignalOutcome {
  incidentId: string | null;
  created: boolean;
}

/**
 * FIWARE Alerts, citizen reports and the rules engine's spilled proposals wait in incident_signals
 * (processed_at null). This drains them in
 * time order: claim (FOR UPDATE SKIP LOCKED, so instances share the work), raise, and record the
 * incident in the same transaction. A crash between the raise and the commit re-raises the signal on
 * the next run: its key and its evidence ref are the same, so it joins the same incident once.
 */
@Injectable()
export class SignalProcessorService {
  private readonly log = new Logger('signals');
  private draining: Promise<void> | null = null;
  private again = false;
  readonly stats = { processed: 0, skipped: 0, errors: 0 };

  constructor(
    private readonly config: RulesConfigService,
    private readonly queue: SignalQueueRepository,
    private readonly incidents: IncidentsService,
  ) {}

  /** Drain soon; never throws, never waits (called from ingest hooks and timers). */
  nudge(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((e) => {
        this.stats.errors++;
        this.log.warn(`draining signals failed: ${(e as Error).message}`);
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Stores proposals the rules engine hands over (see ProposalQueue) and drains soon; throws when it cannot. */
  async enqueue(proposals: IncidentProposal[]): Promise<void> {
    await this.queue.enqueueProposals(proposals);
    this.nudge();
  }

  /** Resolves when the queue was drained at least once after this call (tests). */
  async settle(): Promise<void> {
    while (this.draining) await this.draining;
    await this.drain();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const n = await this.queue.withClaimed(50, async (signals, mark) => {
        for (const s of signals) await this.handle(s, mark).catch(() => undefined);
        return signals.length;
      });
      if (n < 50) return;
    }
  }

  /**
   * One signal now, by identity (POST /api/reports): waits if another worker holds it and returns what
   * that worker recorded. Throws when the raise fails (the signal stays queued for the poller).
   */
  async processNow(kind: SignalFact['kind'], sourceId: string): Promise<SignalOutcome> {
    return this.queue.withSignal(kind, sourceId, async (signal, processed, mark) => {
      if (processed) return { incidentId: processed.incidentId, created: false };
      if (!signal) throw new Error(`signal ${kind} ${sourceId} not found`);
      const r = await this.handle(signal, mark);
      return { incidentId: r?.incidentId ?? null, created: r?.created ?? false };
    });
  }

  private proposalFor(s: QueuedSignal): IncidentProposal | null {
    const { fiware, report, maxEventAgeS } = this.config.rules;
    // Old alerts (replays, expired FIWARE Alerts) are history, not incidents.
    if (Date.parse(s.time) < Date.now() - maxEventAgeS * 1000) return null;
    // raise() validates it like any proposal
    if (s.kind === 'proposal') return s.proposal as IncidentProposal;
    const fact = { ...s, kind: s.kind };
    if (fact.kind === 'fiware_alert') return fiware ? fiwareProposal(fiware, fact) : null;
    if (fact.kind === 'citizen_report') return report ? reportProposal(report, fact) : null;
    return null;
  }

  private async handle(s: QueuedSignal, mark: SignalMarker): Promise<RaiseResult | null> {
    const proposal = this.proposalFor(s);
    if (!proposal) {
      this.stats.skipped++;
      await mark.done(s, null);
      return null;
    }
    try {
      const r = await this.incidents.raise(proposal);
      await mark.done(s, r.incidentId);
      this.stats.processed++;
      return r;
    } catch (e) {
      this.stats.errors++;
      const giveUp = s.attempts + 1 >= SIGNAL_MAX_ATTEMPTS;
      const msg = (e as Error).message;
      this.log.warn(
        `signal ${s.kind} ${s.sourceId} failed (attempt ${s.attempts + 1}${giveUp ? ', set aside' : ''}): ${msg}`,
      );
      await mark.failed(s, msg, giveUp);
      throw e;
    }
  }
}
