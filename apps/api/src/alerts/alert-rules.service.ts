import { ConflictException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import {
  alertRuleInputSchema, defaultAlertRules, geofencesFromGeoJson,
  type AlertRule, type AlertRuleDefinition, type GeofenceImportDefaults,
} from '@tianyan/contracts';
import { AlertRuleRepository } from '@tianyan/storage';
import type { Actor } from '../auth/authenticated-user';
import { AuditService } from '../audit/audit.service';

/** Rules: seeded from domain.md defaults on first start, then edited by commanders (audited). */
@Injectable()
export class AlertRulesService implements OnModuleInit {
  private seeded?: Promise<void>;
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(
    private readonly rules: AlertRuleRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): Promise<void> {
    return this.ensureSeeded();
  }

  ensureSeeded(): Promise<void> {
    this.seeded ??= this.rules.seedIfEmpty(defaultAlertRules().map((r) => alertRuleInputSchema.parse(r))).then(() => undefined);
    return this.seeded;
  }

  /** Every rule, disabled ones included (the engine skips those). */
  async listAll(): Promise<AlertRule[]> {
    await this.ensureSeeded();
    return this.rules.list({ includeDisabled: true });
  }

  list(kind?: string): Promise<AlertRule[]> {
    return this.rules.list({ kind, includeDisabled: true });
  }

  async get(id: string): Promise<AlertRule> {
    const rule = await this.rules.get(id);
    if (!rule) throw new NotFoundException(`no alert rule ${id}`);
    return rule;
  }

  async create(definition: AlertRuleDefinition, actor: Actor): Promise<AlertRule> {
    const rule = await this.rules.create(definition, false);
    await this.audit.record(actor, 'alert-rule.create', { type: 'alert-rule', id: rule.id }, { after: rule });
    await this.changed();
    return rule;
  }

  async replace(id: string, definition: AlertRuleDefinition, actor: Actor): Promise<AlertRule> {
    const before = await this.get(id);
    if (before.kind !== definition.kind) throw new ConflictException(`rule ${id} is a ${before.kind} rule; create a new rule for a ${definition.kind}`);
    const rule = (await this.rules.replace(id, definition))!;
    await this.audit.record(actor, 'alert-rule.replace', { type: 'alert-rule', id }, { before, after: rule });
    await this.changed();
    return rule;
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const before = await this.get(id);
    if (before.builtIn) throw new ConflictException('built-in rules cannot be deleted; disable them instead (enabled: false)');
    await this.rules.softDelete(id);
    await this.audit.record(actor, 'alert-rule.delete', { type: 'alert-rule', id }, { before });
    await this.changed();
  }

  /**
   * Geofences from an uploaded GeoJSON file: all of them or none — a file with any feature that
   * cannot become a fence is refused with every problem listed.
   */
  async importGeofences(geojson: unknown, defaults: GeofenceImportDefaults, actor: Actor): Promise<{ created: AlertRule[]; errors: string[]; warnings: string[] }> {
    const { rules, errors, warnings } = geofencesFromGeoJson(geojson, defaults);
    if (errors.length > 0 || rules.length === 0) return { created: [], errors: errors.length ? errors : ['the file holds no polygon or circle'], warnings };
    const created: AlertRule[] = [];
    for (const input of rules) created.push(await this.rules.create(alertRuleInputSchema.parse(input), false));
    await this.audit.record(actor, 'alert-rule.import-geofences', { type: 'alert-rule', id: null }, { after: { ids: created.map((r) => r.id), warnings } });
    await this.changed();
    return { created, errors: [], warnings };
  }

  /** Listeners run before a change's request returns: a rule saved is a rule in force. */
  onChange(listener: () => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async changed(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener()));
  }
}
