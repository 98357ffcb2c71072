import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { MediaAuditPageSchema, type MediaAuditPage } from '@ioc/contracts/media.schema';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/current-user.decorator';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { MediaAccessRepository } from './media-access.repository';
import {
  CameraParams,
  EventParams,
  LatestQuery,
  MediaAuditQuery,
  NoQuery,
  SnapshotQuery,
} from './media.query';
import { MediaService } from './media.service';

const ROLES_NOTE = 'MEDIA_ROLES may view (default operator, supervisor, admin); others get 403, recorded.';

/**
 * Camera media relayed from Frigate (the browser never talks to Frigate) and its access audit. The media
 * routes check MEDIA_ROLES themselves rather than through @MinRole: a refusal must be recorded too, and the
 * global guard answers before any handler could record it.
 */
@Controller('api/media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly audit: MediaAccessRepository,
  ) {}

  @Get('cameras/:camera/latest.jpg')
  @ApiDoc({
    summary: `The camera's latest frame (JPEG). ${ROLES_NOTE}`,
    params: CameraParams,
    query: LatestQuery,
  })
  latest(
    @CurrentUser() user: AuthUser,
    @Param() p: Input<typeof CameraParams>,
    @Query() q: Input<typeof LatestQuery>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.media.relay(user, { kind: 'latest', camera: p.camera, height: q.h }, req, res);
  }

  @Get('events/:id/thumbnail.jpg')
  @ApiDoc({ summary: `A Frigate event's thumbnail. ${ROLES_NOTE}`, params: EventParams, query: NoQuery })
  thumbnail(
    @CurrentUser() user: AuthUser,
    @Param() p: Input<typeof EventParams>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.media.relay(user, { kind: 'thumbnail', eventId: p.id }, req, res);
  }

  @Get('events/:id/snapshot.jpg')
  @ApiDoc({
    summary: `A Frigate event's snapshot; bbox=1 draws the object's box. ${ROLES_NOTE}`,
    params: EventParams,
    query: SnapshotQuery,
  })
  snapshot(
    @CurrentUser() user: AuthUser,
    @Param() p: Input<typeof EventParams>,
    @Query() q: Input<typeof SnapshotQuery>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.media.relay(user, { kind: 'snapshot', eventId: p.id, bbox: q.bbox === '1' }, req, res);
  }

  @Get('events/:id/clip.mp4')
  @ApiDoc({
    summary: `A Frigate event's clip (MP4); a Range header is forwarded (206). ${ROLES_NOTE}`,
    params: EventParams,
    query: NoQuery,
  })
  clip(
    @CurrentUser() user: AuthUser,
    @Param() p: Input<typeof EventParams>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.media.relay(user, { kind: 'clip', eventId: p.id }, req, res);
  }

  @Get('audit')
  @MinRole('admin')
  @ApiDoc({
    summary: 'Camera media access audit (who viewed which camera/event, allowed or refused), newest first',
    query: MediaAuditQuery,
    response: MediaAuditPageSchema,
  })
  list(@Query() q: Input<typeof MediaAuditQuery>): Promise<MediaAuditPage> {
    return this.audit.list(q);
  }
}
