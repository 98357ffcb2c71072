import { z } from 'zod';
import {
  CapCertaintySchema,
  CapSeveritySchema,
  CapUrgencySchema,
  IncidentCategorySchema,
} from '@ioc/contracts/incident.schema';
import { UtcTimeSchema } from '@ioc/contracts/utc-time.schema';
import type { IncidentProposal } from './incident-proposal.types';

/** Runtime check of what the rules engine hands `IncidentsService.raise` (a bug there must not corrupt data). */
export const IncidentProposalSchema = z.object({
  key: z.string().min(1).max(300),
  ruleId: z.string().min(1).max(200),
  category: IncidentCategorySchema,
  subCategory: z.string().max(100).nullish(),
  severity: CapSeveritySchema,
  urgency: CapUrgencySchema.optional(),
  certainty: CapCertaintySchema.optional(),
  title: z.object({ vi: z.string().min(1).max(300), en: z.string().max(300) }),
  description: z.string().max(4000),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  ward: z.string().max(100).nullish(),
  time: UtcTimeSchema.or(z.iso.datetime({ offset: true })),
  evidence: z.object({
    kind: z.enum([
      'reading',
      'aqi',
      'flood_level',
      'camera_event',
      'device_offline',
      'fiware_alert',
      'citizen_report',
    ]),
    ref: z.string().min(1).max(500),
    data: z.record(z.string(), z.unknown()),
  }),
}) satisfies z.ZodType<IncidentProposal, unknown>;
