import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { LiveBus } from './live-bus';
import { InProcessLiveBus } from './in-process-live-bus';
import { RedisLiveBus } from './redis-live-bus';

@Global()
@Module({
  providers: [
    {
      provide: LiveBus,
      inject: [TIANYAN_CONFIG],
      useFactory: (config: TianyanConfig): Promise<LiveBus> | LiveBus =>
        config.redis.url ? RedisLiveBus.connect(config.redis.url) : new InProcessLiveBus(),
    },
  ],
  exports: [LiveBus],
})
export class LiveModule implements OnApplicationShutdown {
  constructor(@Inject(LiveBus) private readonly bus: LiveBus) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
