export * from './tianyan-config';
export * from './config.module';
