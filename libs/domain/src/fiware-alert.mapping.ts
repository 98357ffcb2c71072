/**
 * FIWARE Alert (smart data model `Alert`: category + subCategory + severity) → our incident category and
 * CAP severity, by a table from rules.yaml. The most specific entry wins: category and subCategory
 * over category alone; first in order on a tie. Matching ignores case.
 */
import type { CapSeverity, IncidentCategory } from '@ioc/contracts/incident.schema';

export interface FiwareAlertMapEntry {
  category: string;
  /** Absent: any subCategory of the category. */
  subCategory?: string;
  to: IncidentCategory;
  /** Overrides the alert's own severity. */
  severity?: CapSeverity;
}

export interface FiwareAlertMapping {
  map: readonly FiwareAlertMapEntry[];
  defaultCategory: IncidentCategory;
  /** Used when neither the entry nor the alert gives a severity (FIWARE severity absent or unknown). */
  defaultSeverity: CapSeverity;
}

export interface FiwareAlertInput {
  category: string;
  subCategory: string | null;
  /** Already CAP (the feed adapter maps critical/high/medium/low/informational). */
  severity: CapSeverity;
}

export interface MappedFiwareAlert {
  category: IncidentCategory;
  severity: CapSeverity;
  entry: FiwareAlertMapEntry | null;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

export function mapFiwareAlert(alert: FiwareAlertInput, mapping: FiwareAlertMapping): MappedFiwareAlert {
  const entry =
    mapping.map.find(
      (e) =>
        e.subCategory !== undefined &&
        same(e.category, alert.category) &&
        same(e.subCategory, alert.subCategory),
    ) ??
    mapping.map.find((e) => e.subCategory === undefined && same(e.category, alert.category)) ??
    null;
  const severity =
    entry?.severity ?? (alert.severity !== 'Unknown' ? alert.severity : mapping.defaultSeverity);
  return { category: entry?.to ?? mapping.defaultCategory, severity, entry };
}
