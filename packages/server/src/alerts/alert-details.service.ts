/**
 * What the alert page shows beside the process tree (GET /api/security/alerts_v2/{id}/details): for an email
 * alert, each message it names (sender, recipients with delivery action and location, subject, URLs,
 * attachments, actions after delivery, NetworkMessageId); for an identity alert, the sign-ins of its accounts
 * around the alert (account, application, IP, location, result, failure reason), those from the alert's IP
 * addresses marked. Read from the hunting tables, so they say what the telemetry says; a message not found
 * there is shown from the alert's own evidence (`found: false`).
 */
import type { AlertDetails, EmailDetails, SignInDetails } from '@palisade/contracts';
import type { AppContext } from '../context.ts';
import type { AccessScope } from '../auth/principal.ts';
import { alertPipeline } from '../correlation/correlation.service.ts';
import { devicesInScope } from '../device-groups/device-scope.ts';
import { notFound } from '../http/errors.ts';
import type { AlertEntity } from './alert-model.ts';
import { AlertDetailsRepository } from './alert-details.repository.ts';
import { isBuiltInAccount } from '../correlation/entity-keys.ts';

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
/** LogonType of AADSignInEventsBeta is a JSON array ('["interactiveUser"]'): its items joined. */
const listText = (v: unknown): string | null => {
  const t = text(v);
  if (!t?.startsWith('[')) return t;
  try {
    const items = JSON.parse(t) as unknown;
    return Array.isArray(items) ? items.map(String).join(', ') || null : t;
  } catch {
    return t;
  }
};
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);

export type { AlertDetails, EmailDetails, SignInDetails } from '@palisade/contracts';

const identitySources = new Set(['microsoftDefenderForIdentity', 'azureAdIdentityProtection', 'microsoftDefenderForCloudApps']);

export class AlertDetailsService {
  private readonly repo: AlertDetailsRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new AlertDetailsRepository(ctx.events);
  }

  async get(id: number, scope: AccessScope): Promise<AlertDetails> {
    const row = await alertPipeline(this.ctx).alerts.get(id, this.ctx.state, await devicesInScope(this.ctx, scope));
    if (!row) throw notFound(`Alert ${id}`);
    const evidence = JSON.parse(row.evidence || '[]') as AlertEntity[];
    const emails = await this.emails(evidence);
    // An identity alert: from an identity source, or naming accounts and no device (a sign-in, not a process).
    const users = evidence.filter((e): e is Extract<AlertEntity, { type: 'user' }> => e.type === 'user');
    const identity = users.length > 0 && (identitySources.has(row.service_source) || !evidence.some((e) => e.type === 'device' || e.type === 'process'));
    if (!identity) return { emails, signIns: [], signInWindow: null };
    const from = new Date(Date.parse(row.first_activity) - 3600_000).toISOString();
    const to = new Date(Date.parse(row.last_activity) + 3600_000).toISOString();
    const upns = [...new Set(users.flatMap((u) => [u.upn, u.accountName.includes('@') ? u.accountName : undefined]).filter((v): v is string => !!v).map((v) => v.toLowerCase()))];
    const names = [...new Set(users.map((u) => (u.accountName.includes('\\') ? (u.accountName.split('\\')[1] ?? '') : u.accountName).toLowerCase()).filter((n) => n !== '' && !n.includes('@') && !isBuiltInAccount(n)))];
    const ips = new Set(evidence.filter((e) => e.type === 'ip').map((e) => e.address));
    const rows = await this.repo.signIns(upns, names, from, to, 50);
    const signIns = rows.map((r): SignInDetails => {
      const ip = text(r.IPAddress);
      if (r.Source === 'AADSignInEventsBeta') {
        const code = num(r.ErrorCode);
        return {
          source: 'AADSignInEventsBeta',
          dateTime: text(r.Timestamp),
          account: text(r.AccountUpn),
          accountDisplayName: text(r.AccountDisplayName),
          application: text(r.Application),
          logonType: listText(r.LogonType),
          ipAddress: ip,
          location: [text(r.City), text(r.State), text(r.Country)].filter((x) => x !== null).join(', ') || null,
          result: code === null ? 'unknown' : code === 0 ? 'success' : 'failure',
          failureReason: code !== null && code !== 0 ? `Entra ID error ${code}` : null,
          deviceName: text(r.DeviceName),
          fromAlertIp: ip !== null && ips.has(ip),
        };
      }
      const action = text(r.ActionType);
      const domain = text(r.AccountDomain);
      const name = text(r.AccountName);
      return {
        source: 'IdentityLogonEvents',
        dateTime: text(r.Timestamp),
        account: text(r.AccountUpn) ?? (name ? (domain ? `${domain}\\${name}` : name) : null),
        accountDisplayName: text(r.AccountDisplayName),
        application: text(r.Application),
        logonType: [text(r.LogonType), text(r.Protocol)].filter((x) => x !== null).join(' / ') || null,
        ipAddress: ip,
        location: [text(r.Location), text(r.Isp)].filter((x) => x !== null).join(' · ') || null,
        result: action === 'LogonSuccess' ? 'success' : action === 'LogonFailed' ? 'failure' : 'unknown',
        failureReason: text(r.FailureReason),
        deviceName: text(r.DeviceName),
        fromAlertIp: ip !== null && ips.has(ip),
      };
    });
    signIns.sort((a, b) => (b.dateTime ?? '').localeCompare(a.dateTime ?? ''));
    return { emails, signIns, signInWindow: { from, to } };
  }

  private async emails(evidence: readonly AlertEntity[]): Promise<EmailDetails[]> {
    const messages = evidence.filter((e): e is Extract<AlertEntity, { type: 'mailMessage' }> => e.type === 'mailMessage').slice(0, 20);
    if (messages.length === 0) return [];
    const ids = [...new Set(messages.map((m) => m.networkMessageId))];
    const [events, urls, attachments, post] = [await this.repo.emailEvents(ids), await this.repo.emailUrls(ids), await this.repo.emailAttachments(ids), await this.repo.emailPostDelivery(ids)];
    return ids.map((id): EmailDetails => {
      const own = events.filter((r) => r.NetworkMessageId === id);
      const first = own[0];
      const ev = messages.find((m) => m.networkMessageId === id);
      const recipients = own.length
        ? own.map((r) => ({ address: text(r.RecipientEmailAddress) ?? '', deliveryAction: text(r.DeliveryAction), deliveryLocation: text(r.DeliveryLocation), latestDeliveryAction: text(r.LatestDeliveryAction), latestDeliveryLocation: text(r.LatestDeliveryLocation) }))
        : ev?.recipient
          ? [{ address: ev.recipient, deliveryAction: null, deliveryLocation: null, latestDeliveryAction: null, latestDeliveryLocation: null }]
          : [];
      return {
        networkMessageId: id,
        found: first !== undefined,
        internetMessageId: text(first?.InternetMessageId),
        subject: text(first?.Subject) ?? ev?.subject ?? null,
        receivedDateTime: text(first?.Timestamp),
        direction: text(first?.EmailDirection),
        sender: { address: text(first?.SenderFromAddress) ?? ev?.sender ?? null, mailFrom: text(first?.SenderMailFromAddress), displayName: text(first?.SenderDisplayName), ip: text(first?.SenderIPv4) ?? text(first?.SenderIPv6) },
        recipients,
        threatTypes: text(first?.ThreatTypes),
        detectionMethods: text(first?.DetectionMethods),
        urls: urls.filter((u) => u.NetworkMessageId === id).map((u) => ({ url: text(u.Url) ?? '', domain: text(u.UrlDomain), location: text(u.UrlLocation) })),
        attachments: attachments.filter((a) => a.NetworkMessageId === id).map((a) => ({ fileName: text(a.FileName), fileType: text(a.FileType), sha256: text(a.SHA256), size: num(a.FileSize), threatTypes: text(a.ThreatTypes) })),
        postDelivery: post.filter((p) => p.NetworkMessageId === id).map((p) => ({ dateTime: text(p.Timestamp), recipient: text(p.RecipientEmailAddress), action: text(p.Action), actionType: text(p.ActionType), trigger: text(p.ActionTrigger), result: text(p.ActionResult), location: text(p.DeliveryLocation) })),
      };
    });
  }
}
