import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { webhookInputSchema, type Page, type WebhookDelivery, type WebhookEndpoint } from '@tianyan/contracts';
import type { WebhookEndpointChange, WebhookEndpointInput } from '@tianyan/storage';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';
import { WebhookDeliveryQueryDto } from './webhook-delivery-query.dto';
import { webhookPatchSchema } from './webhook-patch.schema';
import { WebhooksService } from './webhooks.service';

const createSchema = webhookInputSchema.strict();

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Webhook endpoints (generic JSON, WeCom and DingTalk robots); secrets are never returned, only hasSecret' })
  list(): Promise<WebhookEndpoint[]> {
    return this.webhooks.list();
  }

  @Post()
  @ApiOperation({ summary: 'Add an endpoint: which colours, units and events it hears about' })
  @ApiZodBody(createSchema)
  create(@Body(new ZodBodyPipe(createSchema)) body: WebhookEndpointInput, @RequestActor() actor: Actor): Promise<WebhookEndpoint> {
    return this.webhooks.create(body, actor);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Messages sent to webhooks, newest first, with attempts, last HTTP status and error' })
  deliveries(@Query() query: WebhookDeliveryQueryDto): Promise<Page<WebhookDelivery>> {
    return this.webhooks.queryDeliveries(query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an endpoint; secret: null removes the secret' })
  @ApiZodBody(webhookPatchSchema)
  update(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodBodyPipe(webhookPatchSchema)) body: WebhookEndpointChange, @RequestActor() actor: Actor): Promise<WebhookEndpoint> {
    return this.webhooks.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint and its delivery history' })
  remove(@Param('id', ParseUUIDPipe) id: string, @RequestActor() actor: Actor): Promise<void> {
    return this.webhooks.remove(id, actor);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send one test message (a sample red drill alert) now and return its delivery' })
  test(@Param('id', ParseUUIDPipe) id: string, @RequestActor() actor: Actor): Promise<WebhookDelivery> {
    return this.webhooks.test(id, actor);
  }
}
