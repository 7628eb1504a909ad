import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { AlertAttachmentsService } from './alert-attachments.service';
import { AlertEngineService } from './alert-engine.service';
import { AlertEventBus } from './alert-event-bus';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertRecorder } from './alert-recorder.service';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesService } from './alert-rules.service';
import { AlertsController } from './alerts.controller';
import { ResponsibleUnitsController } from './responsible-units.controller';

/**
 * Alerts and the closed loop: rules (REST), the engine on committed readings, the recorder that
 * stores and publishes alert changes, the people's steps, evidence files and responsible units.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [AlertsController, AlertRulesController, ResponsibleUnitsController],
  providers: [AlertEventBus, AlertRecorder, AlertRulesService, AlertEngineService, AlertLifecycleService, AlertAttachmentsService],
  exports: [AlertEventBus, AlertEngineService, AlertRecorder],
})
export class AlertsModule {}
