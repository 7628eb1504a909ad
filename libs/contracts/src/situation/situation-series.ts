/** One stored snapshot reduced to the numbers a chart needs (`GET /api/incidents/:id/situation/series`). */
export interface SituationSeriesPoint {
  /** Device time of the snapshot, epoch ms. */
  at: number;
  /** Area of each compound's outermost zone, km², by CAS number. */
  extentAreaKm2: Record<string, number>;
  /** Hot area, m²; null when the snapshot had no thermal picture. */
  thermalAreaM2: number | null;
}
