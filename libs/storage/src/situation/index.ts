export * from './receptor.repository';
export * from './situation-snapshot.repository';
export * from './situation-scope.repository';
export * from './incident-wind.repository';
