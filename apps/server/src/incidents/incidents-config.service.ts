import { Inject, Injectable } from '@nestjs/common';
import type { IncidentCategory } from '@ioc/contracts/incident.schema';
import type { CorrelationOptions } from '@ioc/domain/correlation';
import type { SlaConfig } from '@ioc/domain/sla';
import { sopChecklistFor, type SopItem } from '@ioc/domain/sop.checklists';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { BOOT, type BootContext } from '../config/boot.context';
import { IncidentsConfigSchema, type IncidentsConfig } from './incidents-config.schema';

/** Parses and validates the incidents config file; one line naming the path and the bad key otherwise. */
export function loadIncidentsConfig(path: string): IncidentsConfig {
  if (!existsSync(path)) throw new Error(`INCIDENTS_CONFIG_FILE ${path}: file not found`);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8')) ?? {};
  } catch (e) {
    throw new Error(`INCIDENTS_CONFIG_FILE ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = IncidentsConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`INCIDENTS_CONFIG_FILE ${path}: [${i.path.join('.')}] ${i.message}`);
  }
  return parsed.data;
}

/** Incident handling settings from INCIDENTS_CONFIG_FILE, loaded once at start (a bad file stops it). */
@Injectable()
export class IncidentsConfigService {
  readonly config: IncidentsConfig;

  constructor(@Inject(BOOT) boot: BootContext) {
    this.config = loadIncidentsConfig(resolve(boot.repoRoot, boot.config.INCIDENTS_CONFIG_FILE));
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  get correlation(): Required<CorrelationOptions> {
    return this.config.correlation;
  }

  /** Minutes after a resolution in which the same key opening again is linked to it (0: off). */
  get relinkWindowMin(): number {
    return this.config.correlation.relinkWindowMin;
  }

  get sla(): SlaConfig {
    return { bySeverity: this.config.sla.bySeverity, byCategory: this.config.sla.byCategory };
  }

  sopFor(category: IncidentCategory): readonly SopItem[] {
    return sopChecklistFor(category, this.config.sop);
  }
}
