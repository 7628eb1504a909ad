export * from './incident.repository';
export * from './deployment.repository';
export * from './deployment-refused.error';
export * from './incident-state.repository';
