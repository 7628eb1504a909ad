import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { resolveSeriesField, type DeviceSummary, type LatestReadingsResponse, type SeriesResponse } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { DeviceRepository, ReadingQueryRepository } from '@tianyan/storage';
import { toDeviceSummary } from './device-summary';
import type { SeriesQueryDto } from './series-query.dto';
import { chooseBucketMs, MAX_SERIES_SPAN_MS } from './series-window';

@Injectable()
export class DevicesService {
  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    private readonly devices: DeviceRepository,
    private readonly readings: ReadingQueryRepository,
  ) {}

  async list(): Promise<DeviceSummary[]> {
    const now = Date.now();
    return (await this.devices.findAll()).map((row) => toDeviceSummary(row, now, this.config.devices.offlineAfterMs));
  }

  async get(id: string): Promise<DeviceSummary> {
    const row = await this.devices.findById(id);
    if (!row) throw new NotFoundException(`device "${id}" is not registered`);
    return toDeviceSummary(row, Date.now(), this.config.devices.offlineAfterMs);
  }

  async latest(id: string): Promise<LatestReadingsResponse> {
    await this.get(id);
    return { deviceId: id, readings: await this.readings.latest(id) };
  }

  async series(id: string, query: SeriesQueryDto): Promise<SeriesResponse> {
    const device = await this.get(id);
    if (!query.stream.startsWith(`${device.kind}/`)) throw new BadRequestException(`device "${id}" is a ${device.kind}; ${query.stream} is not one of its streams`);
    const field = resolveSeriesField(query.stream, query.field);
    if (typeof field === 'string') throw new BadRequestException(field);
    const to = query.to ? Date.parse(query.to) : Date.now();
    const from = query.from ? Date.parse(query.from) : to - 3600_000;
    if (!(from < to)) throw new BadRequestException('from must be before to');
    if (to - from > MAX_SERIES_SPAN_MS) throw new BadRequestException('the time range may span at most 400 days');
    const bucketMs = chooseBucketMs(to - from, query.bucket);
    const { source, points } = await this.readings.readSeries(id, query.stream, field, from, to, bucketMs);
    return { deviceId: id, stream: query.stream, field: query.field, from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucketMs, source, points };
  }
}
