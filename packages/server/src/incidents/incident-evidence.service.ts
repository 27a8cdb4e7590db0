/**
 * An incident's evidence (GET/PATCH /api/security/incidents/{id}/evidence): its alerts' entities merged by
 * identity, with verdicts and remediation statuses (incident-evidence.ts says where verdicts come from), and
 * analysts setting them. Reads and changes go through the caller's scope like every incident read: an incident
 * outside it is 404, and device evidence outside it is left out.
 */
import type { AppContext } from '../context.ts';
import type { AccessScope } from '../auth/principal.ts';
import { matchEnum } from '../alerts/alert-model.ts';
import type { AlertEntity } from '../alerts/alert-model.ts';
import type { AlertRow } from '../alerts/alerts.repository.ts';
import { EvidenceStateRepository } from '../alerts/evidence-state.repository.ts';
import { alertPipeline } from '../correlation/correlation.service.ts';
import type { AlertPipeline } from '../correlation/correlation.service.ts';
import { devicesInScope } from '../device-groups/device-scope.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { evidenceVerdicts, indicatorMatches, mergeEvidence, remediationStatuses } from './incident-evidence.ts';
import type { EvidenceAlert, IncidentEvidence } from './incident-evidence.ts';
import { deviceInScope } from './incidents.service.ts';

const parseEvidence = (text: string): AlertEntity[] => (text ? (JSON.parse(text) as AlertEntity[]) : []);

export interface EvidencePatch {
  entityIds: string[];
  verdict?: string;
  remediationStatus?: string;
  remediationStatusDetails?: string | null;
}

export class IncidentEvidenceService {
  private readonly pipeline: AlertPipeline;
  private readonly states: EvidenceStateRepository;
  constructor(private readonly ctx: AppContext) {
    this.pipeline = alertPipeline(ctx);
    this.states = new EvidenceStateRepository(ctx.state);
  }

  /** The incident's evidence as the caller may see it. */
  async list(incidentId: number, scope: AccessScope): Promise<{ value: IncidentEvidence[] }> {
    return { value: await this.merged(incidentId, scope) };
  }

  private async merged(incidentId: number, scope: AccessScope): Promise<IncidentEvidence[]> {
    const visible = await devicesInScope(this.ctx, scope);
    const incident = await this.pipeline.incidents.get(incidentId, this.ctx.state, visible);
    if (!incident) throw notFound(`Incident ${incidentId}`);
    const rows = await this.pipeline.alerts.byIncidents([incidentId], this.ctx.state, visible);
    const alerts: EvidenceAlert[] = rows.map((r: AlertRow) => ({
      id: r.id,
      title: r.title,
      classification: r.classification,
      status: r.status,
      evidence: parseEvidence(r.evidence).filter((e) => !visible || deviceInScope(e, visible)),
    }));
    const states = await this.states.forAlerts(rows.map((r) => r.id));
    const indicators = await indicatorMatches(this.ctx, alerts.flatMap((a) => a.evidence));
    return mergeEvidence(alerts, states, indicators);
  }

  /** Sets the verdict and/or remediation status of entities of the incident; logged in its activity log. */
  async set(incidentId: number, body: EvidencePatch, actor: string, scope: AccessScope): Promise<{ value: IncidentEvidence[] }> {
    const verdict = body.verdict !== undefined ? matchEnum(evidenceVerdicts, body.verdict) : undefined;
    if (body.verdict !== undefined && !verdict) throw badRequest(`verdict must be one of ${evidenceVerdicts.join(', ')}; got "${body.verdict}".`);
    const remediation = body.remediationStatus !== undefined ? matchEnum(remediationStatuses, body.remediationStatus) : undefined;
    if (body.remediationStatus !== undefined && !remediation) throw badRequest(`remediationStatus must be one of ${remediationStatuses.join(', ')}; got "${body.remediationStatus}".`);
    if (!verdict && !remediation && body.remediationStatusDetails === undefined) throw badRequest('Set at least one of verdict, remediationStatus or remediationStatusDetails.');
    if (body.entityIds.length === 0) throw badRequest('entityIds must name at least one entity of the incident.');
    return this.pipeline.serial(async () => {
      const incident = await this.pipeline.incidents.get(incidentId, this.ctx.state, await devicesInScope(this.ctx, scope));
      if (!incident) throw notFound(`Incident ${incidentId}`);
      if (incident.status === 'redirected') throw conflict(`Incident ${incidentId} was merged into incident ${incident.redirect_incident_id ?? '?'}; change that one.`);
      const entities = await this.merged(incidentId, scope);
      const chosen: IncidentEvidence[] = [];
      for (const [i, id] of body.entityIds.entries()) {
        // An id is any own key of the entity (ids stay valid when a new alert changes which name leads).
        const e = entities.find((x) => x.id === id || x.keys.some((k) => k.entityKey === id));
        if (!e) throw badRequest(`entityIds[${i}]: incident ${incidentId} has no evidence entity "${id}".`);
        if (!chosen.includes(e)) chosen.push(e);
      }
      const now = this.ctx.now().toISOString();
      const changes = [
        ...(verdict ? [`verdict -> ${verdict}`] : []),
        ...(remediation ? [`remediationStatus -> ${remediation}`] : []),
        ...(body.remediationStatusDetails !== undefined ? [`remediationStatusDetails -> ${body.remediationStatusDetails ?? 'none'}`] : []),
      ];
      const names = chosen.map((e) => `${e.type} ${e.name}`);
      const on = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
      // The alerts whose evidence changed, each named: a caller scoped away from one of them does not see the entry
      // (visibleActivity hides entries naming an alert outside the caller's scope), so no entity name leaks.
      const alertIds = [...new Set(chosen.flatMap((e) => e.keys.map((k) => k.alertId)))].sort((a, b) => a - b);
      await this.ctx.state.transaction().execute(async (trx) => {
        await this.states.upsert(
          trx,
          chosen.flatMap((e) => e.keys),
          { ...(verdict ? { verdict } : {}), ...(remediation ? { remediationStatus: remediation } : {}), ...(body.remediationStatusDetails !== undefined ? { remediationDetails: body.remediationStatusDetails } : {}) },
          actor,
          now,
        );
        await this.pipeline.incidents.addActivity(trx, [{ incident_id: incidentId, at: now, actor, action: 'evidenceUpdated', details: `${changes.join('; ')}; on ${on} (${alertIds.map((id) => `alert ${id}`).join(', ')})` }]);
        await this.pipeline.incidents.update(trx, incidentId, { last_update: now });
      });
      return this.list(incidentId, scope);
    });
  }
}
