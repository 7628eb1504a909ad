import { Module } from '@nestjs/common';
import { QuarantineController } from './quarantine.controller';

@Module({ controllers: [QuarantineController] })
export class QuarantineModule {}
