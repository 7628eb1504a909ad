export * from './embedded-broker';
export * from './embedded-database';
export * from './listen-or-explain';
export * from './start-embedded-servers';
