export * from './device-payloads';
export * from './poll-until';
export * from './free-port';
export * from './mosquitto-process';
export * from './postgres-database';
export * from './webhook-receiver';
export * from './alert-fixtures';
