import { readFileSync } from 'node:fs';

export interface DeviceCredentials {
  username?: string;
  password?: string;
}

/** Resolves the MQTT credentials a device connects with. */
export type CredentialLookup = (deviceId: string) => DeviceCredentials;

/**
 * One username/password for every device, where `{deviceId}` in either is replaced by the device id
 * (brokers with per-device accounts often use the id as the username).
 */
export function sharedCredentials(username?: string, password?: string): CredentialLookup {
  return (id) => ({ username: username?.replaceAll('{deviceId}', id), password: password?.replaceAll('{deviceId}', id) });
}

/**
 * A credentials file: JSON `{ "drone-01": { "username": "…", "password": "…" }, "*": { … } }`,
 * where `*` is the fallback for devices not listed.
 */
export function loadCredentialsFile(path: string): CredentialLookup {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, DeviceCredentials>;
  return (id) => {
    const c = parsed[id] ?? parsed['*'] ?? {};
    return sharedCredentials(c.username, c.password)(id);
  };
}
