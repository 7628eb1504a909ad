export * from './situation-shapes';
