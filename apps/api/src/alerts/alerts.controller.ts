import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createReadStream } from 'node:fs';
import type { Response } from 'express';
import { alertActionRequestSchema, type Alert, type AlertAttachment, type AlertDetail, type Page } from '@tianyan/contracts';
import { AlertRepository } from '@tianyan/storage';
import type { z } from 'zod';
import { Roles } from '../auth/access.decorators';
import { RequestActor, SignedIn, type Actor, type AuthenticatedUser } from '../auth/authenticated-user';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';
import { AlertAttachmentsService, MAX_ATTACHMENT_BYTES, type UploadedEvidence } from './alert-attachments.service';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertListQueryPipe, type AlertListQuery } from './alert-list-query.pipe';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly lifecycle: AlertLifecycleService,
    private readonly attachments: AlertAttachmentsService,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Alerts, newest first: filter by state, level, rule kind, device, open, drill, time (comma-separated lists)' })
  list(@Query(AlertListQueryPipe) query: AlertListQuery): Promise<Page<Alert>> {
    return this.alerts.query(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One alert with its closed-loop history and the readings that raised it' })
  detail(@Param('id', ParseUUIDPipe) id: string): Promise<AlertDetail> {
    return this.lifecycle.detail(id);
  }

  @Post(':id/actions')
  @Roles('operator')
  @ApiOperation({ summary: 'Take a step of the closed loop (acknowledge, dispatch, …, close, send back, lower, lift, comment)' })
  @ApiZodBody(alertActionRequestSchema)
  act(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodBodyPipe(alertActionRequestSchema)) body: z.output<typeof alertActionRequestSchema>,
    @SignedIn() user: AuthenticatedUser,
    @RequestActor() actor: Actor,
  ): Promise<AlertDetail> {
    return this.lifecycle.act(id, body, user, actor);
  }

  @Post(':id/attachments')
  @Roles('operator')
  @ApiOperation({ summary: 'Upload an evidence file (≤ 10 MB: images, PDF, text, MP4); name it in a step with attachmentIds' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  upload(
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedEvidence | undefined,
    @SignedIn() user: AuthenticatedUser,
    @RequestActor() actor: Actor,
  ): Promise<AlertAttachment> {
    return this.attachments.upload(id, file, user, actor);
  }

  @Get(':id/attachments/:attachmentId')
  @Roles('viewer')
  @ApiOperation({ summary: 'Download an evidence file' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { attachment, path } = await this.attachments.file(id, attachmentId);
    res.setHeader('X-Content-SHA256', attachment.sha256);
    return new StreamableFile(createReadStream(path), {
      type: attachment.contentType,
      length: attachment.bytes,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    });
  }
}
