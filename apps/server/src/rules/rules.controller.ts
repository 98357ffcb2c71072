import { basename } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { z } from 'zod';
import { RuleConfigSchema, type RuleConfig } from '@ioc/contracts/rules.schema';
import { MinRole } from '../auth/min-role.decorator';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { RulesConfigService } from './rules-config.service';

/** The loaded rules, as parsed (durations in seconds, defaults filled in). */
@Controller('api/rules')
@MinRole('operator')
export class RulesController {
  constructor(private readonly config: RulesConfigService) {}

  @Get()
  @ApiDoc({
    summary: 'The loaded incident rules (rules.yaml, parsed: durations in seconds, defaults filled in)',
    response: z.object({ file: z.string(), maxEventAge: z.number(), rules: z.array(RuleConfigSchema) }),
  })
  list(): { file: string; maxEventAge: number; rules: RuleConfig[] } {
    const { file, path } = this.config.rules;
    return { file: basename(path), maxEventAge: file.maxEventAge, rules: file.rules };
  }
}
