import type { OpenDeployment } from '@tianyan/storage';

/**
 * The deployments of the open incidents, by device, for the question asked of every committed
 * reading: which incidents was this device deployed to at the reading's device time?
 */
export class DeploymentIndex {
  private readonly byDevice = new Map<string, OpenDeployment[]>();
  /** Open incidents with at least one deployment, and whether each is a drill. */
  readonly incidents = new Map<string, { drill: boolean }>();

  constructor(deployments: readonly OpenDeployment[]) {
    for (const d of deployments) {
      const list = this.byDevice.get(d.deviceId);
      if (list) list.push(d);
      else this.byDevice.set(d.deviceId, [d]);
      this.incidents.set(d.incidentId, { drill: d.drill });
    }
  }

  /** The device's deployment windows; the incidents of a reading are those whose window `covers` its time (no callback per reading). */
  windowsOf(deviceId: string): readonly OpenDeployment[] | undefined {
    return this.byDevice.get(deviceId);
  }

  /** from ≤ time < to. */
  static covers(w: OpenDeployment, time: number): boolean {
    return w.fromMs <= time && (w.toMs === null || time < w.toMs);
  }
}
