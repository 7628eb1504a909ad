export * from './incident.schema';
export * from './replay-shapes';
