import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeviceCredentialIssued } from '@tianyan/contracts';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { RegisterDeviceDto } from './device-access.dto';
import { DeviceAccessService } from './device-access.service';

@ApiTags('devices')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/devices')
export class DeviceAccessController {
  constructor(private readonly access: DeviceAccessService) {}

  @Post()
  @ApiOperation({ summary: 'Register a device: returns its MQTT secret, once (it is stored only as a hash)' })
  @ApiCreatedResponse({ description: 'DeviceCredentialIssued' })
  register(@Body() body: RegisterDeviceDto, @RequestActor() actor: Actor): Promise<DeviceCredentialIssued> {
    return this.access.register(body.id, body.kind, actor);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret for the device, shown once; the old one stops working at once' })
  rotate(@Param('id') id: string, @RequestActor() actor: Actor): Promise<DeviceCredentialIssued> {
    return this.access.rotate(id, actor);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse the device at the broker and quarantine anything that still arrives' })
  disable(@Param('id') id: string, @RequestActor() actor: Actor): Promise<{ id: string; enabled: boolean }> {
    return this.access.setEnabled(id, false, actor);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the device again' })
  enable(@Param('id') id: string, @RequestActor() actor: Actor): Promise<{ id: string; enabled: boolean }> {
    return this.access.setEnabled(id, true, actor);
  }
}
