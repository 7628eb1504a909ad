// First: loggers of the `debug` package created after this point are quiet unless DEBUG enables them.
export * from './quiet-debug-loggers';
export * from './tianyan-config';
export * from './config.module';
