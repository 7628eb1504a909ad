import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FleetHealthEntry } from '@tianyan/contracts';
import { FleetHealthRepository } from '@tianyan/storage';
import { Roles } from '../auth/access.decorators';

@ApiTags('fleet')
@Roles('viewer')
@Controller('api/fleet')
export class FleetHealthController {
  constructor(private readonly health: FleetHealthRepository) {}

  @Get('health')
  @ApiOperation({ summary: 'Per device: quarantined messages (all time, newest arrival) and late readings of the last 24 h' })
  @ApiOkResponse({ description: 'FleetHealthEntry[]' })
  list(): Promise<FleetHealthEntry[]> {
    return this.health.list();
  }
}
