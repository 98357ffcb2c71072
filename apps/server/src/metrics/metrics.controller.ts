import { Controller, Get, Header } from '@nestjs/common';
import { MinRole } from '../auth/min-role.decorator';
import { ScrapeToken } from '../auth/scrape-token.decorator';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { MetricsService } from './metrics.service';

/** Prometheus text format. Supervisors' tokens work; a scraper uses the static METRICS_TOKEN instead. */
@Controller('api/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @MinRole('supervisor')
  @ScrapeToken()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiDoc({ summary: 'Prometheus metrics of this instance (supervisor token or METRICS_TOKEN)' })
  async get(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
