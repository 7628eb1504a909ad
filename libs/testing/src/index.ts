export * from './device-payloads';
export * from './poll-until';
