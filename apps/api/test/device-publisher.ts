import mqtt, { type MqttClient } from 'mqtt';
import type { BrokerLogin } from '@tianyan/testing';

/**
 * A field device stand-in: publishes payloads at QoS 1 and waits for the broker's PUBACK. Without
 * `login` it connects as the test fleet account of the servers (any topic under tianyan/).
 */
export async function connectPublisher(
  servers: { mqttUrl: string; fleet: BrokerLogin },
  { clientId = `test-device-${Math.random().toString(16).slice(2)}`, login = servers.fleet }: { clientId?: string; login?: BrokerLogin } = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(servers.mqttUrl, { clientId, protocolVersion: 4, reconnectPeriod: 0, username: login.username, password: login.password });
}

export async function publishJson(client: MqttClient, topic: string, body: unknown): Promise<void> {
  await client.publishAsync(topic, typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body), { qos: 1 });
}
