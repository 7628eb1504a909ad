export * from './judged-inspection';
export * from './inspection-scan.repository';
export * from './enforcement-stats.repository';
