export * from './alert-rule.repository';
export * from './alert.repository';
export * from './alert-history.repository';
export * from './alert-attachment.repository';
export type { StoredAlertAttachment } from './alert-attachment-row';
export * from './responsible-unit.repository';
export * from './duplicate-name.error';
export * from './open-alert-exists.error';
export type { AlertWrite } from './alert-write';
