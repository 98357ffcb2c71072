import { z } from 'zod';

/** Sources written by the feed adapter of the same name (libs/feeds names its adapters after them). */
export const ADAPTER_FEED_SOURCES = [
  'senml',
  'zigbee2mqtt',
  'ttn',
  'fiware',
  'frigate',
  'owntracks',
] as const;

/** Where a record came from (`field`: a responder's phone through the field view); kept on every row so operators can trace a value back to its feed. */
export const FeedSourceSchema = z.enum([...ADAPTER_FEED_SOURCES, 'citizen', 'config', 'field']);
export type FeedSource = z.infer<typeof FeedSourceSchema>;
