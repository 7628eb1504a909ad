export * from './replay-reading.repository';
export * from './replay-scope.repository';
export * from './replay-cursor';
export * from './replay-window';
