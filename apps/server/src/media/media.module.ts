import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { DevicesModule } from '../devices/devices.module';
import { FrigateInstances } from './frigate-instances.service';
import { MediaAccessRepository } from './media-access.repository';
import { MediaRetentionService } from './media-retention.service';
import { MediaService } from './media.service';

/** Camera media through the server (Frigate relay) and its access audit; the controller is the api role's. */
@Module({
  imports: [CamerasModule, DevicesModule],
  providers: [FrigateInstances, MediaAccessRepository, MediaService, MediaRetentionService],
  exports: [MediaService, MediaAccessRepository],
})
export class MediaModule {}
