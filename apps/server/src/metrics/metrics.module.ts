import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** /api/metrics on every role: each instance is scraped on its own. */
@Module({ providers: [MetricsService], controllers: [MetricsController] })
export class MetricsModule {}
