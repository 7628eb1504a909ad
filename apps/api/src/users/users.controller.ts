import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserAccount } from '@tianyan/contracts';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every account with its role' })
  list(): Promise<UserAccount[]> {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (viewer, operator, commander or admin)' })
  create(@Body() body: CreateUserDto, @RequestActor() actor: Actor): Promise<UserAccount> {
    return this.users.create(body, actor);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change role, name or password, or disable; a new password or disabling ends its sessions' })
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @RequestActor() actor: Actor): Promise<UserAccount> {
    return this.users.update(id, body, actor);
  }
}
