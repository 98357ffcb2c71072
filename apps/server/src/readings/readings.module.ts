import { Module } from '@nestjs/common';
import { ReadingsRepository } from './readings.repository';

/** The readings hypertable: written by the ingest, read by devices, state and the rules. */
@Module({ providers: [ReadingsRepository], exports: [ReadingsRepository] })
export class ReadingsModule {}
