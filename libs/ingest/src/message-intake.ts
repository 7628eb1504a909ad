import { Logger } from '@nestjs/common';
import { MAX_PAYLOAD_BYTES, parseDeviceMessage, parseTopic, type DeviceReading } from '@tianyan/contracts';
import type { DeviceRegistry } from './device-registry';
import type { IngestBatch } from './ingest-store';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const WARN_EVERY_MS = 60_000;

/**
 * Turns one raw MQTT message into batch content: readings to store, or quarantine records with the
 * reason. Never throws: a message that cannot be understood is kept, not lost.
 */
export class MessageIntake {
  private readonly logger = new Logger(MessageIntake.name);
  private readonly lastWarnAt = new Map<string, number>();

  constructor(private readonly registry: DeviceRegistry) {}

  accept(topicName: string, payload: Buffer, receivedAt: number): IngestBatch {
    const batch: IngestBatch = { readings: [], quarantine: [], devices: [] };
    if (payload.length > MAX_PAYLOAD_BYTES) {
      this.quarantine(batch, topicName, receivedAt, `payload of ${payload.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte limit`, payload);
      return batch;
    }
    let text: string;
    try {
      text = utf8.decode(payload);
    } catch {
      this.quarantine(batch, topicName, receivedAt, 'payload is not valid UTF-8', payload);
      return batch;
    }

    const parsed = parseDeviceMessage(topicName, text, receivedAt);
    if (parsed.topic) {
      const admission = this.registry.admit(parsed.topic.deviceId, parsed.topic.kind);
      if (!admission.ok) {
        this.quarantine(batch, topicName, receivedAt, admission.reason, payload);
        return batch;
      }
      if (admission.register && parsed.readings.length > 0) {
        this.registry.register(admission.register);
        batch.devices.push(admission.register);
      }
    }
    for (const reject of parsed.rejects) {
      const bytes = reject.index === undefined ? payload : Buffer.from(reject.raw, 'utf8');
      this.quarantine(batch, topicName, receivedAt, reject.reason, bytes);
    }
    for (const reading of parsed.readings) batch.readings.push(this.withDeviceState(reading));
    return batch;
  }

  /** A method, not a closure per message: most messages quarantine nothing. */
  private quarantine(batch: IngestBatch, topicName: string, receivedAt: number, reason: string, bytes: Uint8Array): void {
    const topic = parseTopic(topicName);
    const where = topic.ok ? topic.topic : topic;
    batch.quarantine.push({
      receivedAt, topic: topicName, reason, payload: bytes,
      deviceId: where.deviceId ?? null, kind: where.kind ?? null, channel: where.channel ?? null,
    });
    this.warnOnce(topicName, where.deviceId, reason);
  }

  private withDeviceState(reading: DeviceReading): DeviceReading {
    if (reading.channel === 'status') {
      this.registry.noteState(reading.deviceId, (reading.data as { state: Parameters<DeviceRegistry['noteState']>[1] }).state);
      return reading;
    }
    const imposed = this.registry.qualityOf(reading.deviceId);
    return imposed && reading.quality === 'N' ? { ...reading, quality: imposed } : reading;
  }

  /** Logs the first rejection of a device (or topic) at warn, then at most once a minute. */
  private warnOnce(topic: string, deviceId: string | undefined, reason: string): void {
    const key = deviceId ?? topic;
    const now = Date.now();
    if ((this.lastWarnAt.get(key) ?? 0) + WARN_EVERY_MS > now) return;
    this.lastWarnAt.set(key, now);
    this.logger.warn(`quarantined a message on ${topic}${deviceId ? ` (device ${deviceId})` : ''}: ${reason}`);
  }
}
