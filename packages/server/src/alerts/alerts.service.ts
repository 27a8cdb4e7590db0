/** External alerts: validation of each record, then the alert pipeline (correlation). */
import type { AppContext } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { alertPipeline } from '../correlation/correlation.service.ts';
import type { SubmitResult } from '../correlation/correlation.service.ts';
import { splitRecords, validateExternalAlert } from './alert-input.ts';
import type { NewAlert, RecordError } from './alert-input.ts';

export interface IngestAlertsResult {
  accepted: number;
  created: number;
  updated: number;
  rejected: number;
  errors: RecordError[];
  alerts: { index: number; id: string; providerAlertId: string; incidentId: string; outcome: SubmitResult['outcome'] }[];
}

export class AlertsService {
  constructor(private readonly ctx: AppContext) {}

  async ingest(body: string): Promise<IngestAlertsResult> {
    let records: ReturnType<typeof splitRecords>;
    try {
      records = splitRecords(body);
    } catch (err) {
      throw badRequest(err instanceof Error ? err.message : String(err));
    }
    if (records.length === 0) throw badRequest('The body holds no alerts: send a JSON array of alerts or NDJSON (one alert per line).');
    if (records.length > 10_000) throw badRequest(`The body holds ${records.length} alerts; send at most 10000 per request.`);
    const errors: RecordError[] = [];
    const valid: { index: number; alert: NewAlert }[] = [];
    for (const r of records) {
      if (r.error !== undefined) {
        errors.push({ index: r.index, field: null, code: 'invalidJson', message: r.error });
        continue;
      }
      const v = validateExternalAlert(r.index, r.value);
      if ('errors' in v) errors.push(...v.errors);
      else valid.push({ index: r.index, alert: v.alert });
    }
    const pipeline = alertPipeline(this.ctx);
    const results = valid.length > 0 ? await pipeline.submit(valid.map((v) => v.alert)) : [];
    await pipeline.whenIndexed(); // the response promises the alerts are in AlertInfo/AlertEvidence too
    return {
      accepted: valid.length,
      created: results.filter((r) => r.outcome === 'created').length,
      updated: results.filter((r) => r.outcome === 'updated').length,
      rejected: new Set(errors.map((e) => e.index)).size,
      errors,
      alerts: results.map((r, i) => ({ index: valid[i]?.index ?? -1, id: String(r.alertId), providerAlertId: r.providerAlertId, incidentId: String(r.incidentId), outcome: r.outcome })),
    };
  }
}
