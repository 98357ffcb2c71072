import { Logger } from '@nestjs/common';
import type { IncidentProposal, RaiseResult } from '../incidents/incident-proposal.types';

/** A proposal to build (it may need a registry lookup) and raise; null = nothing to raise after all. */
export type ProposalTask = () => Promise<IncidentProposal | null>;

export interface ProposalQueueStats {
  queued: number;
  raised: number;
  created: number;
  attached: number;
  errors: number;
  dropped: number;
}

/**
 * Raises proposals one at a time, in the order the rules produced them: correlation then sees the
 * signals in event order, and two raises of one key never race. Hooks only enqueue, so the ingest never
 * waits for incidents; a failing raise is logged and counted, never thrown.
 */
export class ProposalQueue {
  private readonly log = new Logger('rules');
  private readonly tasks: ProposalTask[] = [];
  private running: Promise<void> | null = null;
  readonly stats: ProposalQueueStats = {
    queued: 0,
    raised: 0,
    created: 0,
    attached: 0,
    errors: 0,
    dropped: 0,
  };

  constructor(
    private readonly raise: (p: IncidentProposal) => Promise<RaiseResult>,
    private readonly maxQueued = 10_000,
  ) {}

  push(task: ProposalTask): void {
    if (this.tasks.length >= this.maxQueued) {
      // An alarm storm must not eat the memory the ingest needs; what is dropped is counted and logged.
      this.stats.dropped++;
      if (this.stats.dropped === 1 || this.stats.dropped % 1000 === 0)
        this.log.error(`proposal queue full (${this.maxQueued}): ${this.stats.dropped} dropped so far`);
      return;
    }
    this.stats.queued++;
    this.tasks.push(task);
    this.running ??= this.run().finally(() => (this.running = null));
  }

  /** Resolves once everything queued so far has been raised (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  get depth(): number {
    return this.tasks.length;
  }

  private async run(): Promise<void> {
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) {
      let key = '?';
      try {
        const proposal = await task();
        if (!proposal) continue;
        key = proposal.key;
        const r = await this.raise(proposal);
        this.stats.raised++;
        if (r.created) this.stats.created++;
        if (r.attached) this.stats.attached++;
      } catch (e) {
        this.stats.errors++;
        if (this.stats.errors <= 20 || this.stats.errors % 100 === 0)
          this.log.error(
            `raising ${key} failed (${this.stats.errors} errors so far): ${(e as Error).message}`,
          );
      }
    }
  }
}
