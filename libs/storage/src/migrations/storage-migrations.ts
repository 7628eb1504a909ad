import { InitialSchema1767225600000 } from './1767225600000-initial-schema.migration';
import { IdentityAndAccess1767312000000 } from './1767312000000-identity-and-access.migration';

/** Every storage migration, oldest first. */
export const STORAGE_MIGRATIONS = [InitialSchema1767225600000, IdentityAndAccess1767312000000];
