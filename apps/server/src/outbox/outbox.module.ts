import { Module } from '@nestjs/common';
import { LiveEventsRepository } from './live-events.repository';

/**
 * The live outbox (live_events): writers append in their own transaction with `appendLiveEvents`; the
 * live role reads it through LiveEventsRepository.
 */
@Module({ providers: [LiveEventsRepository], exports: [LiveEventsRepository] })
export class OutboxModule {}
