export * from './embedded-broker';
export * from './embedded-database';
export * from './listen-or-explain';
export * from './start-embedded-servers';
export * from './broker-access';
export * from './topic-filter';
export * from './mosquitto-auth';
