/** The database refused a second open alert for the same rule × device × subject (`alerts_open_key`). */
export class OpenAlertExistsError extends Error {
  constructor(readonly alertKey: string) {
    super(`an open alert for ${alertKey} already exists`);
    this.name = OpenAlertExistsError.name;
  }
}
