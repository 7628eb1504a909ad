import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MqttIngestService } from '@tianyan/ingest';

/** MQTT is healthy when this process's ingest client is connected (or this process runs no ingest). */
@Injectable()
export class MqttHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly ingest?: MqttIngestService,
  ) {}

  check(key: string) {
    const indicator = this.indicators.check(key);
    if (!this.ingest) return indicator.up({ ingest: 'not in this process' });
    const stats = this.ingest.stats.snapshot();
    // brokerDropped: messages the broker discarded before they reached ingest (see BrokerDropWatch).
    const details = { awaitingCommit: stats.messagesReceived - stats.messagesCommitted, brokerDropped: stats.brokerDropped, lastError: stats.lastError };
    return this.ingest.connected ? indicator.up(details) : indicator.down(details);
  }
}
