import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadConfig, type TianyanConfig } from './tianyan-config';

/** Injection token of the validated TianyanConfig. */
export const TIANYAN_CONFIG = Symbol('TIANYAN_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Provides a config built elsewhere (main.ts validates once at boot), or loads it from the environment. */
  static forRoot(config: TianyanConfig = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: TIANYAN_CONFIG, useValue: config }], exports: [TIANYAN_CONFIG] };
  }
}
