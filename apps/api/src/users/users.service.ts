import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { UserAccount } from '@tianyan/contracts';
import { UserRepository, type UserRow } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';
import { hashSecret } from '../auth/password-hasher';
import type { CreateUserDto, UpdateUserDto } from './user.dto';

function toAccount(u: UserRow): UserAccount {
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role, disabled: u.disabled,
    createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString(),
  };
}

/** People's accounts (admin). Every change is audited; passwords never appear in the log. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserAccount[]> {
    return (await this.users.findAll()).map(toAccount);
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserAccount> {
    const created = await this.users.create({ username: dto.username, displayName: dto.displayName ?? dto.username, role: dto.role, passwordHash: await hashSecret(dto.password) });
    if (!created) throw new ConflictException(`username "${dto.username}" is taken`);
    const account = toAccount(created);
    await this.audit.record(actor, 'user.create', { type: 'user', id: account.id }, { after: account });
    return account;
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserAccount> {
    const before = await this.users.findById(id);
    if (!before) throw new NotFoundException(`no user ${id}`);
    if (id === actor.id && (dto.disabled === true || (dto.role && dto.role !== 'admin'))) {
      throw new BadRequestException('you cannot disable yourself or take away your own admin role');
    }
    const after = await this.users.update(id, {
      displayName: dto.displayName, role: dto.role, disabled: dto.disabled,
      passwordHash: dto.password ? await hashSecret(dto.password) : undefined,
    });
    if (!after) throw new NotFoundException(`no user ${id}`);
    // A new password or a disabled account ends every session at once; a role change applies at the next request.
    if (dto.password || dto.disabled) await this.users.revokeSessionsOf(id, dto.disabled ? 'disabled' : 'password changed');
    await this.audit.record(actor, 'user.update', { type: 'user', id }, {
      before: toAccount(before),
      after: { ...toAccount(after), ...(dto.password ? { passwordChanged: true } : {}) },
    });
    return toAccount(after);
  }
}
