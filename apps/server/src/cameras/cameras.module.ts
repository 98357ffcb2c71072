import { Module } from '@nestjs/common';
import { CameraEventsRepository } from './camera-events.repository';

/** Camera detections: written by the ingest, listed by the API, matched by the rules engine. */
@Module({ providers: [CameraEventsRepository], exports: [CameraEventsRepository] })
export class CamerasModule {}
