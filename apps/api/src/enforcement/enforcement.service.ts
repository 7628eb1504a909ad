import { Injectable } from '@nestjs/common';
import type {
  EnforcementFilter, EnforcementGroupBy, EnforcementSummary, FailedInspection, FailedInspectionPage, FailedVehiclesQuery, RepeatOffender,
} from '@tianyan/contracts';
import { cursorAfter, EnforcementStatsRepository, InspectionScanRepository, parseCursor, toFailedInspection } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';
import { csvLine } from '../incident-archive/csv-line';
import { FAILED_INSPECTION_CSV_HEADER, failedInspectionCsvRow, UTF8_BOM } from './failed-inspection-csv';

/**
 * Enforcement statistics for OBD stations. Every verdict is the shared `judgeInspectionWithLimits`
 * (the screen's), applied server-side in a paged pass over the stored inspections.
 */
@Injectable()
export class EnforcementService {
  constructor(
    private readonly stats: EnforcementStatsRepository,
    private readonly scan: InspectionScanRepository,
    private readonly audit: AuditService,
  ) {}

  summary(filter: EnforcementFilter, groupBy: EnforcementGroupBy | undefined): Promise<EnforcementSummary> {
    return this.stats.summary(filter, groupBy);
  }

  repeatOffenders(filter: EnforcementFilter): Promise<RepeatOffender[]> {
    return this.stats.repeatOffenders(filter);
  }

  /** A page of failed inspections, by station then device time; the scan reads past passing ones page by page. */
  async failedPage(query: FailedVehiclesQuery): Promise<FailedInspectionPage> {
    const { limit, cursor, ...filter } = query;
    const items: FailedInspection[] = [];
    for await (const j of this.scan.judged(filter, { after: cursor ? parseCursor(cursor) : undefined })) {
      if (j.judgement.verdict !== 'fail') continue;
      items.push(toFailedInspection(j, filter.limitSet));
      if (items.length === limit) return { items, nextCursor: cursorAfter(j.row) };
    }
    return { items, nextCursor: null };
  }

  /** The CSV export, audited (who exported which slice) before the first byte goes out. */
  async csv(filter: EnforcementFilter, actor: Actor): Promise<AsyncIterable<string>> {
    await this.audit.record(actor, 'enforcement.export', { type: 'enforcement', id: filter.incidentId ?? null }, { after: filter });
    return this.lines(filter);
  }

  private async *lines(filter: EnforcementFilter): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(FAILED_INSPECTION_CSV_HEADER);
    for await (const j of this.scan.judged(filter)) {
      if (j.judgement.verdict === 'fail') yield csvLine(failedInspectionCsvRow(toFailedInspection(j, filter.limitSet)));
    }
  }
}
