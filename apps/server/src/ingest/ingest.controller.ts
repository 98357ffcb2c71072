import { Controller, Get, Query } from '@nestjs/common';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { IsoTime, Limit } from '../common/http/query.schema';
import { z } from 'zod';
import { CameraEventsRepository } from '../cameras/camera-events.repository';
import { DeadLettersRepository } from './dead-letters.repository';

const CameraEventsQuery = z.object({
  camera: z.string().max(200).optional(),
  label: z.string().max(100).optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  limit: Limit.default(200),
});

const DeadLettersQuery = z.object({
  topic: z.string().max(1000).optional(),
  adapter: z.string().max(100).optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  q: z.string().max(200).optional(),
  limit: Limit.default(200),
});

/** Read side of what the ingest stored: camera detections and rejected messages. */
@Controller('api')
export class IngestController {
  constructor(
    private readonly cameras: CameraEventsRepository,
    private readonly deadLetters: DeadLettersRepository,
  ) {}

  @Get('camera-events')
  @ApiDoc({ summary: 'Camera detections (Frigate events), newest first', query: CameraEventsQuery })
  cameraEvents(@Query() q: Input<typeof CameraEventsQuery>) {
    return this.cameras.list(q);
  }

  @Get('dead-letters')
  // Raw rejected payloads are for whoever runs the feeds, not for the operators' desk.
  @MinRole('supervisor')
  @ApiDoc({ summary: 'Messages the ingest could not use, with the reason', query: DeadLettersQuery })
  deadLettersList(@Query() q: Input<typeof DeadLettersQuery>) {
    return this.deadLetters.list({ ...q, q: q.q?.replace(/[\\%_]/g, (c) => `\\${c}`) });
  }
}
