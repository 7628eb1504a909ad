import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DeviceReading, SituationSnapshot } from '@tianyan/contracts';
import type { TianyanConfig } from '@tianyan/config';
import type { SnapshotInput } from '@tianyan/situation';
import { newSituationAnalyzer, type SituationBandOverrides } from './situation-band-overrides';
import { IntakeEncoder } from './situation-intake';
import { SituationPictures, type PicturesReply, type PicturesRequest } from './situation-pictures';

/**
 * The ingest thread's handle on the situation analyzers. Readings are encoded compactly as they come
 * (`push`) and sent once per bus callback (`flush`); requests reach the analyzers in the order sent,
 * so a snapshot covers every reading flushed before it. `threaded` runs them in a worker thread
 * (the compiled app); otherwise in-process through the same encoding (Jest runs TypeScript sources,
 * which a worker cannot load).
 */
export class SituationPictureHost {
  private readonly encoder = new IntakeEncoder();
  private worker: Worker | null = null;
  private inline: SituationPictures | null = null;
  private readonly pending = new Map<number, { resolve: (s: SituationSnapshot) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(
    private readonly situation: TianyanConfig['situation'],
    private readonly bandOverrides: SituationBandOverrides,
    private readonly threaded: boolean,
    /** Failures that belong to no snapshot (intake, a worker that died); the pictures restart empty after a worker died. */
    private readonly onFailure: (kind: 'intake' | 'worker', err: Error) => void,
  ) {}

  /** Starts the worker now (loading the analyzers' modules takes a few seconds of its thread), not at the first reading. */
  open(): void {
    if (this.threaded) this.worker ??= this.start();
  }

  /** One reading for one incident's picture (sent at the next `flush`). */
  push(incidentId: string, reading: DeviceReading): void {
    this.encoder.push(incidentId, reading);
  }

  flush(): void {
    const batch = this.encoder.flush();
    if (batch) this.send({ type: 'intake', batch }, [batch.nums.buffer]);
  }

  snapshot(input: SnapshotInput): Promise<SituationSnapshot> {
    const id = this.nextId++;
    const answer = new Promise<SituationSnapshot>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ type: 'snapshot', id, input });
    return answer;
  }

  drop(incidentIds: string[]): void {
    if (incidentIds.length > 0) this.send({ type: 'drop', incidentIds });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.fail(new Error('the situation pictures were closed'));
  }

  private send(request: PicturesRequest, transfer: ArrayBuffer[] = []): void {
    if (!this.threaded) {
      this.inline ??= new SituationPictures(() => newSituationAnalyzer(this.situation, this.bandOverrides));
      const reply = this.inline.handle(request);
      if (reply) this.receive(reply);
      return;
    }
    (this.worker ??= this.start()).postMessage(request, transfer);
  }

  private start(): Worker {
    const worker = new Worker(resolve(__dirname, 'situation.worker.js'), { workerData: { situation: this.situation, bandOverrides: this.bandOverrides } });
    worker.unref();
    worker.on('message', (reply: PicturesReply) => this.receive(reply));
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`the situation worker exited with code ${code}`)));
    return worker;
  }

  /** A worker that died (once, whether by error or exit; not one that close() ended). */
  private lost(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    // The next request starts a fresh worker; its string table starts empty, and so must ours.
    this.worker = null;
    this.encoder.reset();
    this.fail(err);
    this.onFailure('worker', err);
  }

  private receive(reply: PicturesReply): void {
    if (reply.type === 'snapshot') {
      this.pending.get(reply.id)?.resolve(reply.snapshot);
      this.pending.delete(reply.id);
      return;
    }
    const err = Object.assign(new Error(reply.message), { stack: reply.stack });
    if (reply.id === null) return this.onFailure('intake', err);
    this.pending.get(reply.id)?.reject(err);
    this.pending.delete(reply.id);
  }

  /** Rejects every snapshot still awaited (its worker is gone). */
  private fail(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
