import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @MinLength(10) @MaxLength(200) refreshToken!: string;
}
