import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  DailyReportSchema,
  type DailyReport,
  ReplayEventsSchema,
  ReplayStateSchema,
  TimelineHistogramSchema,
  TimelinePageSchema,
  type ReplayEvents,
  type ReplayState,
  type TimelineHistogram,
  type TimelinePage,
} from '@ioc/contracts/history.schema';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { isoWithOffsetMs } from '@ioc/domain/local-time';
import { IncidentsConfigService } from '../incidents/incidents-config.service';
import { pipeCsv } from './csv.util';
import {
  ReadingsCsvQuerySchema,
  ReplayEventsQuerySchema,
  ReplayStateQuerySchema,
  TimelineCsvQuerySchema,
  CapBundleQuerySchema,
  DailyReportQuerySchema,
  TimelineHistogramQuerySchema,
  TimelineQuerySchema,
} from './history.query';
import { DEFAULT_LOOKBACK_S, HistoryService } from './history.service';
import { ExportsRepository } from './exports.repository';
import { CapBundleService } from './cap-bundle.service';
import { DailyReportService } from './daily-report.service';

/** History: the event timeline, replay of the situation at a past instant, and exports. */
@Controller('api')
@MinRole('operator')
export class HistoryController {
  constructor(
    private readonly history: HistoryService,
    private readonly exportsRepo: ExportsRepository,
    private readonly capBundle: CapBundleService,
    private readonly daily: DailyReportService,
    private readonly incidentsConfig: IncidentsConfigService,
  ) {}

  /** CSV times: the city's wall time with its offset (2026-12-04T19:30:00+07:00), as a spreadsheet shows it. */
  private cityTime(t: string): string {
    return isoWithOffsetMs(t, this.incidentsConfig.timeZone);
  }

  @ApiDoc({
    summary:
      'Timeline of incident transitions, camera events, threshold crossings, device online/offline and unit status changes in [from, to), oldest first, keyset paged (pass nextCursor as cursor)',
    query: TimelineQuerySchema,
    response: TimelinePageSchema,
  })
  @Get('timeline')
  timeline(@Query() q: Input<typeof TimelineQuerySchema>): Promise<TimelinePage> {
    return this.history.timeline(q);
  }

  @ApiDoc({
    summary: 'Timeline counts per bucket and type (same filters; bucket like 5m, 1h; automatic if omitted)',
    query: TimelineHistogramQuerySchema,
    response: TimelineHistogramSchema,
  })
  @Get('timeline/histogram')
  histogram(@Query() q: Input<typeof TimelineHistogramQuerySchema>): Promise<TimelineHistogram> {
    return this.history.histogram(q);
  }

  @ApiDoc({
    summary:
      'The situation at instant at: sensor values last known then, incidents open then with their status and severity then, unit statuses and positions, active camera events',
    query: ReplayStateQuerySchema,
    response: ReplayStateSchema,
  })
  @Get('replay/state')
  state(@Query() q: Input<typeof ReplayStateQuerySchema>): Promise<ReplayState> {
    return this.history.state(q.at, q.lookback ?? DEFAULT_LOOKBACK_S);
  }

  @ApiDoc({
    summary: 'The changes in (from, to] in time order, to step a replay forward (at most 24 h, limit rows)',
    query: ReplayEventsQuerySchema,
    response: ReplayEventsSchema,
  })
  @Get('replay/events')
  events(@Query() q: Input<typeof ReplayEventsQuerySchema>): Promise<ReplayEvents> {
    return this.history.events(q.from, q.to, q.limit);
  }

  @ApiDoc({
    summary:
      'The timeline as CSV (text/csv, streamed; same filters as /api/timeline; times in the city zone with offset, title and title_en on every row)',
    query: TimelineCsvQuerySchema,
  })
  @Get('exports/timeline.csv')
  async timelineCsv(@Query() q: Input<typeof TimelineCsvQuerySchema>, @Res() res: Response): Promise<void> {
    csvHeaders(res, `timeline_${q.from}_${q.to}.csv`);
    await pipeCsv(
      res,
      [
        'time',
        'type',
        'action',
        'title',
        'title_en',
        'severity',
        'category',
        'ward',
        'lat',
        'lon',
        'device_id',
        'incident_id',
        'unit_id',
        'id',
      ],
      this.history.timelineRows(q),
      (i) => [
        this.cityTime(i.time),
        i.type,
        i.action,
        i.title,
        i.titleEn,
        i.severity,
        i.category,
        i.ward,
        i.lat,
        i.lon,
        i.deviceId,
        i.incidentId,
        i.unitId,
        i.id,
      ],
    );
  }

  @ApiDoc({
    summary:
      'Raw readings in [from, to) as CSV (text/csv, streamed through a database cursor; times in the city zone with offset)',
    query: ReadingsCsvQuerySchema,
  })
  @Get('exports/readings.csv')
  async readingsCsv(@Query() q: Input<typeof ReadingsCsvQuerySchema>, @Res() res: Response): Promise<void> {
    csvHeaders(res, `readings_${q.from}_${q.to}.csv`);
    await pipeCsv(
      res,
      ['time', 'device_id', 'metric', 'value', 'value_text', 'unit', 'source'],
      this.exportsRepo.readings({
        from: q.from,
        to: q.to,
        devices: q.device ?? null,
        metrics: q.metric ?? null,
      }),
      (r) => [this.cityTime(r.time), r.device_id, r.metric, r.value, r.value_text, r.unit, r.source],
    );
  }

  @ApiDoc({
    summary:
      'CAP 1.2 alerts of the incidents opened in [from, to) (or named by ids) in one capBundle document (application/xml; see docs/api.md)',
    query: CapBundleQuerySchema,
  })
  @Get('exports/incidents.cap.xml')
  async capXml(
    @Query() q: Input<typeof CapBundleQuerySchema>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const b = await this.capBundle.bundle(q);
    res.type('application/xml; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="incidents.cap.xml"');
    return b.xml;
  }

  @ApiDoc({
    summary:
      'Daily report data for a city-local date: incidents by category, severity and ward, SLA compliance, mean times to ack/dispatch/resolve, top offline devices, VN_AQI summary',
    query: DailyReportQuerySchema,
    response: DailyReportSchema,
  })
  @Get('history/daily-report')
  dailyReport(@Query() q: Input<typeof DailyReportQuerySchema>): Promise<DailyReport> {
    return this.daily.report(q.date);
  }
}

function csvHeaders(res: Response, name: string): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '')}"`);
}
