import { parentPort, workerData } from 'node:worker_threads';
import type { TianyanConfig } from '@tianyan/config';
import { newSituationAnalyzer, type SituationBandOverrides } from './situation-band-overrides';
import { SituationPictures, type PicturesRequest } from './situation-pictures';

/**
 * The situation analyzers' thread (started by SituationPictureHost): their samples, frames and the
 * recompute (IDW grid, contours, thermal raster) stay off the ingest thread, and so does their GC.
 */
const { situation, bandOverrides } = workerData as { situation: TianyanConfig['situation']; bandOverrides: SituationBandOverrides };
const pictures = new SituationPictures(() => newSituationAnalyzer(situation, bandOverrides));
parentPort!.on('message', (request: PicturesRequest) => {
  const reply = pictures.handle(request);
  if (reply) parentPort!.postMessage(reply);
});
