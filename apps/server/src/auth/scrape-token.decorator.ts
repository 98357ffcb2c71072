import { SetMetadata } from '@nestjs/common';

export const SCRAPE_TOKEN_KEY = 'ioc:scrapeToken';

/**
 * The route also accepts the static METRICS_TOKEN as a bearer token: Prometheus cannot log in and refresh
 * a 15-minute JWT. Without METRICS_TOKEN set, only user tokens work.
 */
export const ScrapeToken = () => SetMetadata(SCRAPE_TOKEN_KEY, true);
