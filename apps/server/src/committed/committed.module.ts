import { Module } from '@nestjs/common';
import { CommittedHooks } from './committed.hooks';

/**
 * What the ingest committed, for its listeners (rules, device monitor). One instance per process:
 * Nest shares a module's providers with every module that imports it.
 */
@Module({ providers: [CommittedHooks], exports: [CommittedHooks] })
export class CommittedModule {}
