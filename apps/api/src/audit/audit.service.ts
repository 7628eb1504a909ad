import { Injectable, Logger } from '@nestjs/common';
import type { AuditEntry } from '@tianyan/contracts';
import { AuditLogRepository } from '@tianyan/storage';
import type { Actor } from '../auth/authenticated-user';

export interface AuditTarget {
  type: string;
  id: string | null;
}

/**
 * Records every state-changing action: who, when, what, from where, before and after. Writing the
 * row is part of the action: if it fails, the caller's request fails.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);
  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  constructor(private readonly log: AuditLogRepository) {}

  async record(actor: Actor, action: string, target: AuditTarget | null, change: { before?: unknown; after?: unknown } = {}): Promise<AuditEntry> {
    const entry = await this.log.append({
      actorId: actor.id, actorName: actor.name, role: actor.role, action,
      targetType: target?.type ?? null, targetId: target?.id ?? null,
      ip: actor.ip, userAgent: actor.userAgent, before: change.before, after: change.after,
    });
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (err) {
        this.logger.error(`audit listener failed: ${(err as Error).message}`);
      }
    }
    return entry;
  }

  /** The live audit trail (Socket.IO room `admin:audit`). */
  onEntry(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
