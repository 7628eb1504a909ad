import {
  deviceMosquittoAccount, renderMosquittoAclFile, renderMosquittoPasswordFile, serviceMosquittoAccount,
  type MosquittoAccount, type ServiceAccount,
} from '@tianyan/embedded';
import type { DeviceCredentialRow } from '@tianyan/storage';

export interface MosquittoAuthFiles {
  /** `password_file`: `username:$7$…` lines. */
  passwd: string;
  /** `acl_file`: one `user` block per account. */
  acl: string;
  devices: number;
}

/**
 * The production broker's password file and ACL, generated from the device registry: every enabled
 * device with a credential may read and write under `tianyan/v1/<kind>/<id>/#` only; the service
 * accounts (ingest) get what they need. Disabled devices are left out, so they cannot connect.
 */
export async function mosquittoAuthFiles(
  credentials: readonly DeviceCredentialRow[],
  services: readonly ServiceAccount[],
  extra: readonly MosquittoAccount[] = [],
): Promise<MosquittoAuthFiles> {
  const devices = credentials.filter((c) => c.enabled).map((c) => deviceMosquittoAccount(c.deviceId, c.kind, c.mosquittoHash));
  const accounts = [...(await Promise.all(services.map(serviceMosquittoAccount))), ...extra, ...devices];
  return { passwd: renderMosquittoPasswordFile(accounts), acl: renderMosquittoAclFile(accounts), devices: devices.length };
}
