export * from './situation-shapes';
export * from './receptor-import';
export * from './situation-series';
export * from './incident-wind.schema';
