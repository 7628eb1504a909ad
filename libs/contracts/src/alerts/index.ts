export * from './alert-level';
export * from './exposure-levels';
export * from './alert-rule.schema';
export * from './default-alert-rules';
export * from './alert-lifecycle';
export * from './alert-shapes';
export * from './geofence-import';
