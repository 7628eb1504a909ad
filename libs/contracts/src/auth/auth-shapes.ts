import type { DeviceKind } from '../device/topic';
import type { Role } from './roles';

/** Who is signed in, as the API reports it. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface LoginRequest {
  username: string;
  password: string;
}

/** Tokens of one session: a short-lived access token (JWT) and a refresh token, rotated on each use. */
export interface TokenPair {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  user: CurrentUser;
}

export interface UserAccount extends CurrentUser {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Returned once, when a device is registered or its secret rotated: the secret is not stored. */
export interface DeviceCredentialIssued {
  deviceId: string;
  kind: DeviceKind;
  /** MQTT username (= device id) and password. */
  username: string;
  password: string;
  /** Where the device may publish: `tianyan/v1/{kind}/{id}/#`. */
  topicPrefix: string;
  rotatedAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
}
