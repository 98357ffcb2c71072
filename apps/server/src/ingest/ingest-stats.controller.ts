import { Controller, Get } from '@nestjs/common';
import { MinRole } from '../auth/min-role.decorator';
import { MqttService } from '../broker/mqtt.service';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { IngestService, type IngestStats } from './ingest.service';

/** Live counters of this ingest instance (benchmarks, operators; Prometheus metrics come later). */
@Controller('api/ingest')
export class IngestStatsController {
  constructor(
    private readonly ingest: IngestService,
    private readonly mqtt: MqttService,
  ) {}

  @Get('stats')
  @MinRole('supervisor')
  @ApiDoc({ summary: "This ingest instance's counters and latency" })
  stats(): IngestStats & {
    queued: number;
    pendingAcks: number;
    latencyMs: ReturnType<IngestService['latency']['summary']>;
    /** Non-empty 1 ms buckets of the same histogram, [ms, rows]: a benchmark subtracts two snapshots. */
    latencyHistogramMs: [number, number][];
    rssBytes: number;
  } {
    return {
      ...this.ingest.stats,
      queued: this.ingest.depth,
      pendingAcks: this.mqtt.pendingAcks,
      latencyMs: this.ingest.latency.summary(),
      latencyHistogramMs: this.ingest.latency.nonEmpty(),
      rssBytes: process.memoryUsage().rss,
    };
  }
}
