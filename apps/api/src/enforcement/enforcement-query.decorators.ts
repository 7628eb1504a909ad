import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { ENFORCEMENT_GROUP_BY } from '@tianyan/contracts';

const TIME = 'ISO 8601 with offset, or epoch ms (device time)';

/** OpenAPI for the filter every enforcement endpoint takes (validated by the contract's zod schema). */
export function ApiEnforcementFilter(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'from', required: false, description: `${TIME}, inclusive` }),
    ApiQuery({ name: 'to', required: false, description: `${TIME}, exclusive` }),
    ApiQuery({ name: 'incidentId', required: false, description: 'only inspections of stations deployed to this incident, inside their deployment windows' }),
    ApiQuery({ name: 'stationId', required: false, description: 'one OBD station (device id)' }),
    ApiQuery({ name: 'limitSet', required: false, enum: ['a', 'b'], description: 'GB 3847-2018 limit set (default b, as the screen)' }),
    ApiQuery({ name: 'includeDrill', required: false, enum: ['true', 'false'], description: 'count drill readings (default false)' }),
  );
}

export function ApiGroupBy(): MethodDecorator {
  return ApiQuery({ name: 'groupBy', required: false, enum: ENFORCEMENT_GROUP_BY, description: 'rows per station, per day (UTC+8) or per incident' });
}

export function ApiPaging(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' }),
    ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' }),
  );
}
