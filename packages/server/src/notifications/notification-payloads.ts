/**
 * Webhook payloads for an incident event: plain JSON (Graph-shaped incident), Slack (incoming webhook:
 * text + blocks) and Microsoft Teams (incoming webhook: MessageCard). Signed with HMAC-SHA256 of the body.
 */
import { createHmac } from 'node:crypto';

export const notificationFormats = ['json', 'slack', 'teams'] as const;
export type NotificationFormat = (typeof notificationFormats)[number];
export const notificationEvents = ['incidentCreated', 'incidentUpdated'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export interface IncidentNotice {
  id: string;
  displayName: string;
  severity: string;
  status: string;
  alertCount: number;
  categories: string[];
  assignedTo: string | null;
  lastUpdateDateTime: string;
  incidentWebUrl: string;
}

const severityColour: Readonly<Record<string, string>> = { high: 'D13438', medium: 'F7630C', low: 'FFB900', informational: '8A8886' };

export function payload(format: NotificationFormat, event: NotificationEvent, incident: IncidentNotice, baseUrl: string): unknown {
  const link = `${baseUrl.replace(/\/$/, '')}${incident.incidentWebUrl}`;
  const verb = event === 'incidentCreated' ? 'New incident' : 'Incident updated';
  const line = `${verb} ${incident.id} (${incident.severity}): ${incident.displayName}`;
  switch (format) {
    case 'json':
      return { event, incident, link };
    case 'slack':
      return {
        text: line,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${verb}* <${link}|${incident.id}>: ${incident.displayName}` } },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `Severity *${incident.severity}* · status ${incident.status} · ${incident.alertCount} alert(s)${incident.categories.length ? ` · ${incident.categories.join(', ')}` : ''}` }],
          },
        ],
      };
    case 'teams':
      return {
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: line,
        themeColor: severityColour[incident.severity] ?? '8A8886',
        title: `${verb} ${incident.id}: ${incident.displayName}`,
        sections: [
          {
            facts: [
              { name: 'Severity', value: incident.severity },
              { name: 'Status', value: incident.status },
              { name: 'Alerts', value: String(incident.alertCount) },
              { name: 'Categories', value: incident.categories.join(', ') || '-' },
              { name: 'Assigned to', value: incident.assignedTo ?? 'nobody' },
            ],
          },
        ],
        potentialAction: [{ '@type': 'OpenUri', name: 'Open in Palisade', targets: [{ os: 'default', uri: link }] }],
      };
  }
}

/** The signature header value: "sha256=" + hex HMAC-SHA256 of the exact body with the rule's secret. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
