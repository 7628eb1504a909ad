import { BadRequestException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { deploymentInputSchema, incidentInputSchema, type DeviceKind, type DeviceReading, type Incident } from '@tianyan/contracts';
import { AlertRepository, DeploymentRepository, DuplicateNameError, IncidentImportCleanupRepository, IncidentRepository, ReadingStore, type DeviceUpsert } from '@tianyan/storage';
import { parseArchiveLine } from './archive-line';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION } from './incident-archive-export.service';

export const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;
const BATCH = 1_000;

interface Header {
  incident: Record<string, unknown>;
  deployments: { deviceId: string; from: string; to: string | null; role?: string | null }[];
  devices: DeviceUpsert[];
}

export interface ImportResult {
  incident: Incident;
  readings: { inserted: number; duplicates: number };
  /** Alerts re-created with all their steps and readings (see IMPORTED_ALERT_NOTES). */
  alertsImported: number;
  /** Alerts whose id is already here (an earlier import, or the source itself): left as they are. */
  alertsSkipped: number;
  /** Files attached to the imported steps: the archive carries their names, not their bytes. */
  attachmentsNotImported: number;
  notes: string[];
}

/** How imported alerts differ from alerts raised here; returned with every import. */
export const IMPORTED_ALERT_NOTES = [
  'Imported alerts keep their ids, states, levels, steps (in order, with server and device times and actors by name) and linked readings.',
  'They are history: marked imported, never merged with live findings, not counted against the one-open-alert-per-condition rule, and no step can be taken on them.',
  'They keep the rule id, kind and name they were raised under, whether or not that rule exists here; responsible units unknown here are left out.',
  'Attached files are not imported: the archive holds their names, not their bytes.',
];

/**
 * Import of an archive made by IncidentArchiveExportService. The body is spooled to a temporary
 * file (never held in memory), checked line by line (a bad line → 400 with its number, nothing
 * written), then written: a new incident (code suffixed when taken), its devices and deployments,
 * the readings through ReadingStore in batches (duplicates skipped, so importing twice adds no
 * reading), then the alerts, each with its steps and readings in one transaction and skipped when
 * its id is already here (IMPORTED_ALERT_NOTES). If writing fails the new incident is deleted;
 * readings and alerts already written stay (both idempotent).
 */
@Injectable()
export class IncidentArchiveImportService {
  constructor(
    private readonly store: ReadingStore,
    private readonly incidents: IncidentRepository,
    private readonly deployments: DeploymentRepository,
    private readonly cleanup: IncidentImportCleanupRepository,
    private readonly alerts: AlertRepository,
  ) {}

  async import(body: Readable): Promise<ImportResult> {
    const dir = await mkdtemp(join(tmpdir(), 'tianyan-import-'));
    try {
      const file = join(dir, 'archive.ndjson.gz');
      await spool(body, file);
      let header: Header | undefined;
      await eachLine(file, (text, n) => {
        if (n === 1) return void (header = parseHeader(text));
        const line = parseArchiveLine(text, new Map(header!.devices.map((d) => [d.id, d.kind])));
        if (typeof line === 'string') throw new BadRequestException(`line ${n}: ${line}`);
      });
      if (!header) throw new BadRequestException('line 1: empty archive');
      return await this.write(file, header);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async write(file: string, header: Header): Promise<ImportResult> {
    const incident = await this.createIncident(header.incident);
    try {
      const readings = { inserted: 0, duplicates: 0 };
      const alerts = { alertsImported: 0, alertsSkipped: 0, attachmentsNotImported: 0 };
      const devices = new Map(header.devices.map((d) => [d.id, d.kind as string]));
      let batch: DeviceReading[] = [];
      const flush = async () => {
        const written = await this.store.write({ readings: batch, quarantine: [], devices: header.devices });
        readings.inserted += written.inserted;
        readings.duplicates += written.duplicates;
        batch = [];
      };
      await flush(); // registers the devices before the deployments need them
      for (const d of header.deployments) {
        await this.deployments.add(incident.id, deploymentInputSchema.parse({ deviceId: d.deviceId, from: d.from, to: d.to, role: d.role ?? undefined }));
      }
      const alertLines: number[] = [];
      await eachLine(file, async (text, n) => {
        if (n === 1) return;
        if (text.startsWith('{"alert"')) return void alertLines.push(n);
        batch.push(JSON.parse(text) as DeviceReading);
        if (batch.length >= BATCH) await flush();
      });
      await flush();
      // After every reading, so an alert's linked readings are there; each alert in its own transaction.
      const wanted = new Set(alertLines);
      await eachLine(file, async (text, n) => {
        if (!wanted.has(n)) return;
        const line = parseArchiveLine(text, devices);
        if (typeof line === 'string' || line.type !== 'alert') throw new BadRequestException(`line ${n}: changed while importing`);
        const { alert, steps, readings: links } = line.record;
        if (await this.importAlert(n, alert, steps, links)) alerts.alertsImported++;
        else alerts.alertsSkipped++;
        alerts.attachmentsNotImported += steps.reduce((sum, s) => sum + s.attachments.length, 0);
      });
      return { incident, readings, ...alerts, notes: IMPORTED_ALERT_NOTES };
    } catch (e) {
      await this.cleanup.removeIncident(incident.id);
      throw e;
    }
  }

  private async importAlert(n: number, ...record: Parameters<AlertRepository['importRecorded']>): Promise<boolean> {
    try {
      return await this.alerts.importRecorded(...record);
    } catch (e) {
      if (e instanceof RangeError) throw new BadRequestException(`line ${n}: ${e.message}`);
      throw e;
    }
  }

  private async createIncident(source: Record<string, unknown>): Promise<Incident> {
    const fields = incidentInputSchema.parse({ ...source, description: source.description ?? undefined });
    for (let attempt = 0; attempt < 100; attempt++) {
      const suffix = attempt === 0 ? '' : `-import${attempt === 1 ? '' : attempt}`;
      try {
        return await this.incidents.create({ ...fields, code: fields.code.slice(0, 40 - suffix.length) + suffix });
      } catch (e) {
        if (!(e instanceof DuplicateNameError)) throw e;
      }
    }
    throw new BadRequestException(`line 1: no free code for ${fields.code}`);
  }
}

async function spool(body: Readable, file: string): Promise<void> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > MAX_ARCHIVE_BYTES ? new PayloadTooLargeException(`archive larger than ${MAX_ARCHIVE_BYTES} bytes`) : null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(file));
}

/** Calls `each` for every non-empty line of the gzipped file, with its 1-based number, one at a time. */
async function eachLine(file: string, each: (text: string, n: number) => void | Promise<void>): Promise<void> {
  const gunzip = createGunzip();
  const failed = new Promise<never>((_, reject) => gunzip.once('error', (e) => reject(new BadRequestException(`not a gzip archive: ${e.message}`))));
  failed.catch(() => undefined);
  const lines = createInterface({ input: createReadStream(file).pipe(gunzip), crlfDelay: Infinity });
  let n = 0;
  const read = (async () => {
    for await (const text of lines) {
      n++;
      if (text.trim() !== '') await each(text, n);
    }
  })();
  try {
    await Promise.race([read, failed]);
  } finally {
    lines.close();
  }
}

function parseHeader(text: string): Header {
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BadRequestException('line 1: not JSON');
  }
  if (h.format !== ARCHIVE_FORMAT || h.version !== ARCHIVE_VERSION) throw new BadRequestException(`line 1: not a ${ARCHIVE_FORMAT} version ${ARCHIVE_VERSION} header`);
  if (typeof h.incident !== 'object' || h.incident === null || !Array.isArray(h.deployments) || !Array.isArray(h.devices)) {
    throw new BadRequestException('line 1: the header needs incident, deployments and devices');
  }
  const incident = incidentInputSchema.safeParse({ ...(h.incident as Record<string, unknown>), description: (h.incident as Record<string, unknown>).description ?? undefined });
  if (!incident.success) throw new BadRequestException(`line 1: incident: ${incident.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const devices = (h.devices as { id: string; kind: DeviceKind }[]).map((d) => ({ id: d.id, kind: d.kind, autoProvisioned: true }));
  return { incident: h.incident as Record<string, unknown>, deployments: h.deployments as Header['deployments'], devices };
}
