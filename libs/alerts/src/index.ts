export * from './finding';
export * from './alert-key';
export * from './periodic-facts';
export * from './rules-engine';
export * from './alert-tracker';
export * from './reading-values';
export * from './thermal-area';
export * from './rules/receptor.rule';
