import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { CreateUserSchema, PatchUserSchema, type User } from '@ioc/contracts/user.schema';
import { parseQuery } from '../ingest/ingest.query';
import { MinRole } from './min-role.decorator';
import { UsersService } from './users.service';

@Controller('api/users')
@MinRole('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<User[]> {
    return this.users.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<User> {
    return this.users.get(id);
  }

  @Post()
  create(@Body() body: unknown): Promise<User> {
    return this.users.create(parseQuery(CreateUserSchema, body));
  }

  @Patch(':id')
  patch(@Param('id') id: string, @Body() body: unknown): Promise<User> {
    return this.users.patch(id, parseQuery(PatchUserSchema, body));
  }
}
