import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  AssignableUserSchema,
  CreateUserSchema,
  PatchUserSchema,
  UserSchema,
  type AssignableUser,
  type User,
} from '@ioc/contracts/user.schema';
import { z } from 'zod';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { MinRole } from './min-role.decorator';
import { UsersService } from './users.service';

@Controller('api/users')
@MinRole('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiDoc({ summary: 'All users', response: z.array(UserSchema) })
  list(): Promise<User[]> {
    return this.users.list();
  }

  // Declared before ':id', which would otherwise take "assignable" as an id.
  @Get('assignable')
  @MinRole('operator')
  @ApiDoc({
    summary: 'Active users an incident can be assigned to: id, username, display name and role only',
    response: z.array(AssignableUserSchema),
  })
  assignable(): Promise<AssignableUser[]> {
    return this.users.assignable();
  }

  @Get(':id')
  @ApiDoc({ summary: 'One user', response: UserSchema })
  get(@Param('id') id: string): Promise<User> {
    return this.users.get(id);
  }

  @Post()
  @ApiDoc({
    summary: 'Create a user; 409 when the username is taken',
    body: CreateUserSchema,
    response: UserSchema,
  })
  create(@Body() body: Input<typeof CreateUserSchema>): Promise<User> {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiDoc({
    summary: 'Change name, role, active or password; deactivating or a new password ends the sessions',
    body: PatchUserSchema,
    response: UserSchema,
  })
  patch(@Param('id') id: string, @Body() body: Input<typeof PatchUserSchema>): Promise<User> {
    return this.users.patch(id, body);
  }
}
