import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { RulesConfigService } from './rules-config.service';

/** The rules file (loaded and validated at start) and what every role needs of it. */
@Module({
  imports: [DevicesModule],
  providers: [RulesConfigService],
  exports: [RulesConfigService],
})
export class RulesModule {}
