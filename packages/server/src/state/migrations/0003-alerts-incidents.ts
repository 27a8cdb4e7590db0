import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/**
 * Alerts, incidents and their correlation (issue 6). Property names follow Microsoft Graph's alerts_v2 and
 * incident resources in snake case; list-valued properties are JSON text.
 */
export const m0003AlertsIncidents: Migration<StateDb> = {
  version: 3,
  name: 'alerts, incidents, correlation, comments, activity, detection rules',
  async up(db) {
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('display_name_custom', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('description', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('severity_override', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('redirect_incident_id', 'integer')
      .addColumn('assigned_to', 'text')
      .addColumn('classification', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('determination', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('custom_tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('system_tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('alert_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('first_activity', 'text')
      .addColumn('last_activity', 'text')
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'last_update']).execute();
    await db.schema.createIndex('incidents_last_update').on('incidents').column('last_update').execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('provider_alert_id', 'text', (c) => c.notNull().unique())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('detector_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('recommended_actions', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('classification', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('determination', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('mitre_techniques', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('service_source', 'text', (c) => c.notNull())
      .addColumn('detection_source', 'text', (c) => c.notNull())
      .addColumn('assigned_to', 'text')
      .addColumn('incident_id', 'integer', (c) => c.notNull())
      .addColumn('correlation_reason', 'text')
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tuning_rule_id', 'text')
      .addColumn('first_activity', 'text', (c) => c.notNull())
      .addColumn('last_activity', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .addColumn('resolved', 'text')
      .execute();
    await db.schema.createIndex('alerts_incident').on('alerts').column('incident_id').execute();
    await db.schema.createIndex('alerts_last_update').on('alerts').column('last_update').execute();
    await db.schema.createIndex('alerts_detector').on('alerts').columns(['detector_id', 'last_activity']).execute();

    // The correlating entities of each alert (device:ws-1042, account:alice@contoso.com, file:<sha256>...).
    await db.schema
      .createTable('alert_entities')
      .addColumn('alert_id', 'integer', (c) => c.notNull())
      .addColumn('entity_key', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_entities_pk', ['alert_id', 'entity_key'])
      .execute();
    await db.schema.createIndex('alert_entities_key').on('alert_entities').column('entity_key').execute();

    await db.schema
      .createTable('comments')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('incident_id', 'integer')
      .addColumn('alert_id', 'integer')
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('comments_incident').on('comments').column('incident_id').execute();
    await db.schema.createIndex('comments_alert').on('comments').column('alert_id').execute();

    await db.schema
      .createTable('incident_activity')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('incident_id', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incident_activity_incident').on('incident_activity').columns(['incident_id', 'id']).execute();

    await db.schema
      .createTable('detection_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('frequency', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('alert', 'text', (c) => c.notNull())
      .addColumn('entity_mapping', 'text', (c) => c.notNull())
      .addColumn('suppression_minutes', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .addColumn('last_run_at', 'text')
      .addColumn('last_run_status', 'text')
      .execute();
    await db.schema
      .createTable('detection_runs')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('started', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'real', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('alerts_created', 'integer', (c) => c.notNull())
      .addColumn('alerts_updated', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('detection_runs_rule').on('detection_runs').columns(['rule_id', 'id']).execute();
  },
};
