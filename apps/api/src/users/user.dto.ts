import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@tianyan/contracts';

export class CreateUserDto {
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_.@-]{3,64}$/, { message: 'username: 3–64 letters, digits or _ . @ -' }) username!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) displayName?: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10) @MaxLength(200) password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ minLength: 10 }) @IsOptional() @IsString() @MinLength(10) @MaxLength(200) password?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
}
