import { Body, ConflictException, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RESPONSIBLE_UNIT_TIERS, type ResponsibleUnit } from '@tianyan/contracts';
import { DuplicateNameError, ResponsibleUnitRepository } from '@tianyan/storage';
import { z } from 'zod';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';

const unitInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  tier: z.enum(RESPONSIBLE_UNIT_TIERS),
  contact: z.string().trim().max(500).optional(),
});
/** An alias, so decorator metadata says Object and the global ValidationPipe leaves the body to zod. */
type UnitInput = z.output<typeof unitInputSchema>;

/** Responsible units an alert is dispatched to: enterprises and the county, city and province bureaus. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/units')
export class ResponsibleUnitsController {
  constructor(
    private readonly units: ResponsibleUnitRepository,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Responsible units (enterprise, county, city, province)' })
  list(): Promise<ResponsibleUnit[]> {
    return this.units.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a responsible unit' })
  @ApiZodBody(unitInputSchema)
  async create(@Body(new ZodBodyPipe(unitInputSchema)) body: UnitInput, @RequestActor() actor: Actor): Promise<ResponsibleUnit> {
    try {
      const unit = await this.units.create({ name: body.name, tier: body.tier, contact: body.contact ?? null });
      await this.audit.record(actor, 'unit.create', { type: 'unit', id: unit.id }, { after: unit });
      return unit;
    } catch (err) {
      if (err instanceof DuplicateNameError) throw new ConflictException(err.message);
      throw err;
    }
  }
}
