import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { receptorsFromGeoJson, type Receptor, type ReceptorKind } from '@tianyan/contracts';
import { ReceptorRepository } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';

/** Sensitive receptors: uploaded as GeoJSON by commanders (audited), read by everyone. */
@Injectable()
export class ReceptorsService {
  constructor(
    private readonly receptors: ReceptorRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Receptor[]> {
    return this.receptors.list();
  }

  /** All of the file or none: any feature that cannot become a receptor refuses the file, every problem listed. */
  async import(geojson: unknown, defaultKind: ReceptorKind, actor: Actor): Promise<Receptor[]> {
    const { receptors, errors } = receptorsFromGeoJson(geojson, defaultKind);
    if (errors.length > 0) throw new BadRequestException(errors);
    const created = await this.receptors.createMany(receptors);
    await this.audit.record(actor, 'receptor.import', { type: 'receptor', id: null }, { after: { ids: created.map((r) => r.id), names: created.map((r) => r.name) } });
    return created;
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const before = await this.receptors.get(id);
    if (!before || !(await this.receptors.softDelete(id))) throw new NotFoundException(`no receptor ${id}`);
    await this.audit.record(actor, 'receptor.delete', { type: 'receptor', id }, { before });
  }
}
