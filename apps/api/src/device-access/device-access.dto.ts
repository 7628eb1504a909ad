import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { DEVICE_KINDS, type DeviceKind } from '@tianyan/contracts';

export class RegisterDeviceDto {
  @ApiProperty({ description: 'Device id: also its MQTT username', pattern: '^[A-Za-z0-9_-]{1,64}$' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'id: 1–64 letters, digits, _ or -' })
  id!: string;

  @ApiProperty({ enum: DEVICE_KINDS }) @IsIn(DEVICE_KINDS) kind!: DeviceKind;
}
