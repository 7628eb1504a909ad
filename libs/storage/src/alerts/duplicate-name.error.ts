/** A name that must be unique is taken (the API answers 409). */
export class DuplicateNameError extends Error {
  constructor(
    readonly entity: string,
    readonly duplicateName: string,
  ) {
    super(`${entity} "${duplicateName}" already exists`);
    this.name = DuplicateNameError.name;
  }
}
