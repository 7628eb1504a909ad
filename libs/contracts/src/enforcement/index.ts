export * from './enforcement-query.schema';
export * from './enforcement-shapes';
