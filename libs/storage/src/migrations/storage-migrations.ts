import { InitialSchema1767225600000 } from './1767225600000-initial-schema.migration';
import { IdentityAndAccess1767312000000 } from './1767312000000-identity-and-access.migration';
import { AlertsAndClosedLoop1767398400000 } from './1767398400000-alerts-and-closed-loop.migration';
import { AlertNotifications1767400000000 } from './1767400000000-alert-notifications.migration';
import { IncidentsAndDeployments1767600000000 } from './1767600000000-incidents-and-deployments.migration';
import { SeriesRollups1767700000000 } from './1767700000000-series-rollups.migration';
import { SituationPicture1767800000000 } from './1767800000000-situation-picture.migration';
import { AlertDeviceTimeAndImport1767900000000 } from './1767900000000-alert-device-time-and-import.migration';

/** Every storage migration, oldest first. */
export const STORAGE_MIGRATIONS = [InitialSchema1767225600000, IdentityAndAccess1767312000000, AlertsAndClosedLoop1767398400000, AlertNotifications1767400000000, IncidentsAndDeployments1767600000000, SeriesRollups1767700000000, SituationPicture1767800000000, AlertDeviceTimeAndImport1767900000000];
