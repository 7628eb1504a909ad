import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { STREAMS, type Stream } from '@tianyan/contracts';

export class SeriesQueryDto {
  @ApiProperty({ enum: STREAMS, example: 'drone/telemetry' })
  @IsIn(STREAMS)
  stream!: Stream;

  @ApiProperty({ example: 'batteryPct', description: 'A numeric field of the stream, or gas:<cas> / compound:<cas>' })
  @IsString()
  field!: string;

  @ApiPropertyOptional({ description: 'ISO 8601; default: one hour before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: '`auto` (default: raw up to 15 min, else ≈600 buckets), `raw`, or a bucket width in ms', example: 'auto' })
  @IsOptional()
  @Matches(/^(auto|raw|\d{3,10})$/, { message: 'bucket must be auto, raw or a width in ms (≥ 100)' })
  bucket?: string;
}
