import { z } from 'zod';
import { CapSeveritySchema } from './incident-signal.schema';
import { IncidentCategorySchema } from './incident.schema';
import { UnitStatusSchema } from './unit.schema';
import { UtcTimeSchema } from './utc-time.schema';

/**
 * A unit's current assignment, pushed by the server to the unit's tracker / mobile data terminal as a
 * retained MQTT message on `ioc/units/<unitId>/assignment` (what a CAD pushes to an MDT). Only server
 * instances may publish there; a unit's tracker may read only its own topic (broker ACL).
 */
export const UNIT_ASSIGNMENT_FILTER = 'ioc/units/+/assignment';
const TOPIC = /^ioc\/units\/([^/#+]+)\/assignment$/;

export function unitAssignmentTopic(unitId: string): string {
  return `ioc/units/${unitId}/assignment`;
}

/** The unit id of an assignment topic, or null when `topic` is not one. */
export function assignmentTopicUnit(topic: string): string | null {
  return TOPIC.exec(topic)?.[1] ?? null;
}

const Point = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export const UnitAssignmentSchema = z
  .object({
    unitId: z.string().min(1).max(200),
    status: UnitStatusSchema,
    /** The incident the unit works; null when it is free (drive back to base). */
    incident: Point.extend({
      id: z.string().min(1).max(100),
      category: IncidentCategorySchema,
      severity: CapSeveritySchema,
      title: z.string().max(500),
    })
      .strict()
      .nullable(),
    base: Point.extend({ name: z.string().max(300) }).strict(),
    /** When the server published this state. */
    time: UtcTimeSchema,
  })
  .strict();
export type UnitAssignment = z.infer<typeof UnitAssignmentSchema>;
