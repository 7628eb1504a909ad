/** A deployment that cannot be stored: an unknown device (400) or a window overlapping another (409). */
export class DeploymentRefusedError extends Error {
  constructor(
    readonly reason: 'unknown-device' | 'overlap',
    message: string,
  ) {
    super(message);
    this.name = DeploymentRefusedError.name;
  }
}
