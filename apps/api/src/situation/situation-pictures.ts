import type { SituationSnapshot } from '@tianyan/contracts';
import type { SituationAnalyzer, SnapshotInput } from '@tianyan/situation';
import { IntakeDecoder, type IntakeBatch } from './situation-intake';

/** What the ingest thread asks of the pictures (situation.worker.ts carries it across the thread). */
export type PicturesRequest =
  | { type: 'intake'; batch: IntakeBatch }
  | { type: 'snapshot'; id: number; input: SnapshotInput }
  | { type: 'drop'; incidentIds: string[] };

export type PicturesReply = { type: 'snapshot'; id: number; snapshot: SituationSnapshot } | { type: 'failed'; id: number | null; message: string; stack?: string };

/** The analyzer of each open incident, fed by intake batches; lives in the worker (or in-process for tests). */
export class SituationPictures {
  private readonly analyzers = new Map<string, SituationAnalyzer>();
  private readonly decoder = new IntakeDecoder();

  constructor(private readonly newAnalyzer: () => SituationAnalyzer) {}

  /** Answers one request; a failure is a reply (tagged with the snapshot's id), never a throw. */
  handle(request: PicturesRequest): PicturesReply | null {
    try {
      switch (request.type) {
        case 'intake':
          this.decoder.apply(request.batch, (id) => this.analyzerOf(id));
          return null;
        case 'snapshot':
          return { type: 'snapshot', id: request.id, snapshot: this.analyzerOf(request.input.incidentId).snapshot(request.input) };
        case 'drop':
          for (const id of request.incidentIds) this.analyzers.delete(id);
          return null;
      }
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      return { type: 'failed', id: request.type === 'snapshot' ? request.id : null, message: e.message, stack: e.stack };
    }
  }

  private analyzerOf(incidentId: string): SituationAnalyzer {
    let analyzer = this.analyzers.get(incidentId);
    if (analyzer === undefined) this.analyzers.set(incidentId, (analyzer = this.newAnalyzer()));
    return analyzer;
  }
}
