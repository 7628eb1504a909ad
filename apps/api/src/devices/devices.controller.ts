import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeviceSummary, LatestReadingsResponse, SeriesResponse } from '@tianyan/contracts';
import { DevicesService } from './devices.service';
import { SeriesQueryDto } from './series-query.dto';
import { Roles } from '../auth/access.decorators';

@ApiTags('devices')
@Roles('viewer')
@Controller('api/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @ApiOperation({ summary: 'Every registered device with kind, state (online/offline/…), last seen and data age' })
  @ApiOkResponse({ description: 'DeviceSummary[]' })
  list(): Promise<DeviceSummary[]> {
    return this.devices.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One device' })
  get(@Param('id') id: string): Promise<DeviceSummary> {
    return this.devices.get(id);
  }

  @Get(':id/latest')
  @ApiOperation({ summary: 'The newest stored reading of each stream of the device' })
  latest(@Param('id') id: string): Promise<LatestReadingsResponse> {
    return this.devices.latest(id);
  }

  @Get(':id/series')
  @ApiOperation({ summary: 'A numeric field over a time range: raw readings or buckets (avg/min/max/count)',
    description: '`source` says where the points came from: raw readings, buckets of raw readings, or the 1-minute rollups (TimescaleDB).',
  })
  series(@Param('id') id: string, @Query() query: SeriesQueryDto): Promise<SeriesResponse> {
    return this.devices.series(id, query);
  }
}
