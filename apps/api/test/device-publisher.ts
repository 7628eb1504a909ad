import mqtt, { type MqttClient } from 'mqtt';

/** A field device stand-in: publishes payloads at QoS 1 and waits for the broker's PUBACK. */
export async function connectPublisher(url: string, clientId = `test-device-${Math.random().toString(16).slice(2)}`): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clientId, protocolVersion: 4, reconnectPeriod: 0 });
}

export async function publishJson(client: MqttClient, topic: string, body: unknown): Promise<void> {
  await client.publishAsync(topic, typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body), { qos: 1 });
}
