import { Logger } from '@nestjs/common';
import type { IncidentCategory } from '@ioc/contracts/incident.schema';
import type { IncidentProposal, RaiseResult } from '../incidents/incident-proposal.types';
import { isDataError } from '../db/sql-errors.util';

/** A proposal to build (it may need a registry lookup) and raise; null = nothing to raise after all. */
export type ProposalTask = () => Promise<IncidentProposal | null>;

/**
 * Lanes, served strictly in order: life safety (fire, flood, security), then every other rule, then
 * device health (offline). A fire alarm waits for at most the one raise in flight, whatever is queued.
 */
export const Lane = { urgent: 0, normal: 1, deviceHealth: 2 } as const;
export type Lane = (typeof Lane)[keyof typeof Lane];

export function laneOf(category: IncidentCategory): Lane {
  return category === 'fire' || category === 'flood' || category === 'security' ? Lane.urgent : Lane.normal;
}

/**
 * Counters since start. What entered is always accounted for:
 * `entered = raised + merged + skipped + spilled + dropped + depth`.
 */
export interface ProposalQueueStats {
  /** Inputs that entered the queue (an offline transition, a threshold raise, a camera match, …). */
  entered: number;
  /** Proposals raised (opened an incident or attached to one). */
  raised: number;
  created: number;
  attached: number;
  /** Inputs folded into another proposal that was raised or spilled (offline transitions in a mass-offline one). */
  merged: number;
  /** Inputs that turned out to need no incident (no rule wants the device). */
  skipped: number;
  /** Proposals handed to the durable queue (incident_signals): memory bound reached, or the raise failed. */
  spilled: number;
  /** Raises that failed (each was then spilled, so it is retried from the database). */
  errors: number;
  /** Proposals that could neither be raised nor stored durably (a bug: logged with their key). */
  dropped: number;
}

interface Entry {
  task: ProposalTask;
  /** How many inputs this proposal stands for (a mass-offline chunk: its devices). */
  weight: number;
}

export interface ProposalQueueOptions {
  raise: (p: IncidentProposal) => Promise<RaiseResult>;
  /** Stores proposals durably for the signal processor (incident_signals); throws when it cannot. */
  spill: (p: IncidentProposal[]) => Promise<void>;
  /** Proposals held in memory in the urgent and normal lanes; beyond, the newest lowest-priority one spills. */
  maxQueued?: number;
}

/**
 * Raises proposals one at a time (correlation sees signals in order; two raises of one key never race),
 * highest lane first. Hooks only enqueue, so the ingest never waits for incidents. Nothing is discarded:
 * past `maxQueued` a proposal goes to the durable queue instead, and so does one whose raise failed. The
 * device-health lane is not bounded here: offline transitions are coalesced per feed and ward before
 * they reach it (OfflineAggregator), which bounds it by the number of devices.
 */
export class ProposalQueue {
  private readonly log = new Logger('rules');
  private readonly lanes: Entry[][] = [[], [], []];
  private running: Promise<void> | null = null;
  private readonly toSpill: Entry[] = [];
  private spilling: Promise<void> | null = null;
  private readonly maxQueued: number;
  readonly stats: ProposalQueueStats = {
    entered: 0,
    raised: 0,
    created: 0,
    attached: 0,
    merged: 0,
    skipped: 0,
    spilled: 0,
    errors: 0,
    dropped: 0,
  };

  constructor(private readonly opts: ProposalQueueOptions) {
    this.maxQueued = opts.maxQueued ?? 10_000;
  }

  push(task: ProposalTask, lane: Lane, weight = 1): void {
    this.stats.entered += weight;
    const entry = { task, weight };
    if (lane !== Lane.deviceHealth && this.lanes[0].length + this.lanes[1].length >= this.maxQueued) {
      // Keep urgent work in memory: an urgent proposal displaces the newest normal one, which spills.
      const victim = lane === Lane.urgent && this.lanes[1].length ? this.lanes[1].pop()! : entry;
      if (victim !== entry) this.lanes[lane].push(entry);
      this.spill(victim);
    } else {
      this.lanes[lane].push(entry);
    }
    this.running ??= this.run().finally(() => (this.running = null));
  }

  /** Inputs folded into a proposal already counted (a device offline twice in one grouping window). */
  merged(n: number): void {
    this.stats.entered += n;
    this.stats.merged += n;
  }

  /** Inputs no rule wants, decided before anything was queued. */
  skipped(n: number): void {
    this.stats.entered += n;
    this.stats.skipped += n;
  }

  /** Resolves once everything queued so far has been raised or spilled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.spilling) {
      await this.running;
      await this.spilling;
    }
  }

  /** Proposals waiting in memory (all lanes and the spill buffer). */
  get depth(): number {
    return this.lanes.reduce((n, l) => n + l.length, 0) + this.toSpill.length;
  }

  /** Proposals waiting per lane: urgent, normal, device health. */
  laneDepths(): [number, number, number] {
    return [this.lanes[0].length, this.lanes[1].length, this.lanes[2].length];
  }

  private next(): Entry | undefined {
    for (const lane of this.lanes) if (lane.length) return lane.shift();
    return undefined;
  }

  private async run(): Promise<void> {
    for (let entry = this.next(); entry; entry = this.next()) {
      let proposal: IncidentProposal | null;
      try {
        proposal = await entry.task();
      } catch (e) {
        this.lose(entry.weight, '?', e);
        continue;
      }
      if (!proposal) {
        this.stats.skipped += entry.weight;
        continue;
      }
      try {
        const r = await this.opts.raise(proposal);
        this.stats.raised++;
        this.stats.merged += entry.weight - 1;
        if (r.created) this.stats.created++;
        if (r.attached) this.stats.attached++;
      } catch (e) {
        this.stats.errors++;
        if (this.stats.errors <= 20 || this.stats.errors % 100 === 0)
          this.log.error(
            `raising ${proposal.key} failed (${this.stats.errors} so far), queued in incident_signals: ` +
              (e as Error).message,
          );
        const built = proposal;
        this.spill({ task: async () => built, weight: entry.weight });
      }
    }
  }

  private spill(entry: Entry): void {
    this.toSpill.push(entry);
    this.spilling ??= this.drainSpill().finally(() => (this.spilling = null));
  }

  /** Builds and stores spilled proposals in batches; an unreachable database is retried, never given up. */
  private async drainSpill(): Promise<void> {
    while (this.toSpill.length) {
      const batch = this.toSpill.splice(0, 200);
      const built: { p: IncidentProposal; weight: number }[] = [];
      for (const e of batch) {
        try {
          const p = await e.task();
          if (p) built.push({ p, weight: e.weight });
          else this.stats.skipped += e.weight;
        } catch (err) {
          this.lose(e.weight, '?', err);
        }
      }
      await this.store(built);
    }
  }

  private async store(built: { p: IncidentProposal; weight: number }[]): Promise<void> {
    if (built.length === 0) return;
    if (await this.stored(built.map((b) => b.p))) {
      for (const b of built) this.account(b.weight);
      return;
    }
    // A row the database refuses for its content: store the others one by one.
    for (const b of built) {
      if (await this.stored([b.p])) this.account(b.weight);
      else this.lose(b.weight, b.p.key, new Error('the database refused the row'));
    }
  }

  /** True once stored; false when the database refuses the rows themselves. Retries anything else. */
  private async stored(proposals: IncidentProposal[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.opts.spill(proposals);
        return true;
      } catch (e) {
        if (isDataError(e)) return false;
        if (attempt % 20 === 0) this.log.warn(`spilling proposals failed, retrying: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  private account(weight: number): void {
    this.stats.spilled++;
    this.stats.merged += weight - 1;
  }

  private lose(weight: number, key: string, e: unknown): void {
    this.stats.dropped += weight;
    this.log.error(`proposal ${key} lost (${this.stats.dropped} so far): ${(e as Error).message}`);
  }
}
