import { InitialSchema1767225600000 } from './1767225600000-initial-schema.migration';

/** Every storage migration, oldest first. */
export const STORAGE_MIGRATIONS = [InitialSchema1767225600000];
