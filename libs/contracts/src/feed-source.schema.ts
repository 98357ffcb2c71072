import { z } from 'zod';

/** Where a record came from; kept on every row so operators can trace a value back to its feed. */
export const FeedSourceSchema = z.enum([
  'senml',
  'zigbee2mqtt',
  'ttn',
  'fiware',
  'frigate',
  'owntracks',
  'citizen',
  'config',
]);
export type FeedSource = z.infer<typeof FeedSourceSchema>;
