/**
 * Issue 8, alert page: an email alert's message details and an identity alert's sign-ins, read from the hunting
 * tables (GET /api/security/alerts_v2/{id}/details), and the scope (404 outside it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';
import type { AlertDetails } from '../src/alerts/alert-details.service.ts';

const nmid = 'nmid-0001';
const alerts = [
  {
    externalId: 'mail',
    title: 'Phish delivered',
    severity: 'medium',
    category: 'InitialAccess',
    serviceSource: 'microsoftDefenderForOffice365',
    detectionSource: 'microsoftDefenderForOffice365',
    timestamp: '2026-01-02T10:00:00Z',
    entities: [
      { type: 'mailMessage', networkMessageId: nmid, sender: 'x@evil.example', recipient: 'ana@corp.example', subject: 'Invoice' },
      { type: 'mailMessage', networkMessageId: 'not-in-telemetry', sender: 'y@evil.example', recipient: 'bob@corp.example', subject: 'Second' },
    ],
  },
  {
    externalId: 'idp',
    title: 'Unfamiliar sign-in',
    severity: 'high',
    category: 'InitialAccess',
    serviceSource: 'azureAdIdentityProtection',
    detectionSource: 'azureAdIdentityProtection',
    timestamp: '2026-01-02T12:00:00Z',
    entities: [
      { type: 'user', accountName: 'CORP\\lars', upn: 'lars@corp.example' },
      { type: 'ip', address: '198.51.100.23' },
    ],
  },
];

describe('alert details: email and sign-ins', () => {
  let p: TestPalisade;
  let admin: TestClient;
  const ids: Record<string, string> = {};
  const details = async (id: string): Promise<AlertDetails> => {
    const r = await admin.request({ url: `/api/security/alerts_v2/${id}/details` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<AlertDetails>();
  };

  beforeAll(async () => {
    p = await testPalisade();
    const sqls: [string, unknown[]][] = [
      [
        'INSERT INTO EmailEvents (Timestamp, NetworkMessageId, SenderFromAddress, SenderDisplayName, SenderIPv4, RecipientEmailAddress, Subject, EmailDirection, DeliveryAction, DeliveryLocation, ThreatTypes) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ['2026-01-02 09:59:00', nmid, 'x@evil.example', 'Billing', '192.0.2.1', 'ana@corp.example', 'Invoice', 'Inbound', 'Delivered', 'Inbox/folder', 'Phish'],
      ],
      ['INSERT INTO EmailEvents (Timestamp, NetworkMessageId, SenderFromAddress, RecipientEmailAddress, Subject, DeliveryAction, DeliveryLocation) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?)', ['2026-01-02 09:59:00', nmid, 'x@evil.example', 'cfo@corp.example', 'Invoice', 'Blocked', 'Quarantine']],
      ['INSERT INTO EmailUrlInfo (Timestamp, NetworkMessageId, Url, UrlDomain, UrlLocation) VALUES (?::TIMESTAMP, ?, ?, ?, ?)', ['2026-01-02 09:59:00', nmid, 'https://evil.example/pay', 'evil.example', 'Body']],
      ['INSERT INTO EmailAttachmentInfo (Timestamp, NetworkMessageId, FileName, FileType, SHA256, FileSize) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?)', ['2026-01-02 09:59:00', nmid, 'invoice.docm', 'docm', 'ab'.repeat(32), 1234]],
      ['INSERT INTO EmailPostDeliveryEvents (Timestamp, NetworkMessageId, RecipientEmailAddress, Action, ActionType, ActionResult, DeliveryLocation) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?)', ['2026-01-02 10:05:00', nmid, 'ana@corp.example', 'Moved to quarantine', 'ZAP', 'Success', 'Quarantine']],
      [
        'INSERT INTO IdentityLogonEvents (Timestamp, ActionType, Application, LogonType, Protocol, AccountName, AccountDomain, AccountUpn, IPAddress, Location, FailureReason) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ['2026-01-02 11:50:00', 'LogonFailed', 'Active Directory', 'Interactive', 'Kerberos', 'lars', 'corp', null, '198.51.100.23', 'BR', 'WrongPassword'],
      ],
      ['INSERT INTO AADSignInEventsBeta (Timestamp, Application, ErrorCode, AccountUpn, IPAddress, Country, City) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?)', ['2026-01-02 11:58:00', 'Office 365 Exchange Online', 0, 'LARS@corp.example', '198.51.100.23', 'BR', 'Sao Paulo']],
      // Outside the window (a day before) and another person: not shown.
      ['INSERT INTO AADSignInEventsBeta (Timestamp, Application, ErrorCode, AccountUpn, IPAddress) VALUES (?::TIMESTAMP, ?, ?, ?, ?)', ['2026-01-01 11:58:00', 'Teams', 0, 'lars@corp.example', '10.0.0.1']],
      ['INSERT INTO AADSignInEventsBeta (Timestamp, Application, ErrorCode, AccountUpn, IPAddress) VALUES (?::TIMESTAMP, ?, ?, ?, ?)', ['2026-01-02 11:58:00', 'Teams', 50126, 'someone@corp.example', '10.0.0.1']],
    ];
    for (const [text, params] of sqls) await p.opened.ctx.events.withWriter((w) => w.run(text, params as never));
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
    const ingest = await p.app.inject({ method: 'POST', url: '/api/ingest/alerts', headers: { authorization: `Bearer ${token.json<{ secret: string }>().secret}`, 'content-type': 'application/json' }, payload: JSON.stringify(alerts) });
    expect(ingest.statusCode, ingest.body).toBe(200);
    for (const [i, a] of ingest.json<{ alerts: { id: string }[] }>().alerts.entries()) ids[alerts[i]?.externalId ?? ''] = a.id;
  });
  afterAll(async () => p.close());

  it('shows an email alert’s messages: sender, recipients with delivery, URLs, attachments, actions after delivery', async () => {
    const d = await details(ids.mail ?? '');
    expect(d.signIns).toEqual([]);
    expect(d.emails).toHaveLength(2);
    const m = d.emails[0];
    expect(m).toMatchObject({ networkMessageId: nmid, found: true, subject: 'Invoice', direction: 'Inbound', threatTypes: 'Phish', sender: { address: 'x@evil.example', displayName: 'Billing', ip: '192.0.2.1' } });
    expect(m?.recipients.map((r) => [r.address, r.deliveryAction, r.deliveryLocation])).toEqual([
      ['ana@corp.example', 'Delivered', 'Inbox/folder'],
      ['cfo@corp.example', 'Blocked', 'Quarantine'],
    ]);
    expect(m?.urls).toEqual([{ url: 'https://evil.example/pay', domain: 'evil.example', location: 'Body' }]);
    expect(m?.attachments).toEqual([{ fileName: 'invoice.docm', fileType: 'docm', sha256: 'ab'.repeat(32), size: 1234, threatTypes: null }]);
    expect(m?.postDelivery[0]).toMatchObject({ recipient: 'ana@corp.example', action: 'Moved to quarantine', actionType: 'ZAP', result: 'Success' });
    // A message the telemetry does not hold is shown from the alert's evidence.
    expect(d.emails[1]).toMatchObject({ networkMessageId: 'not-in-telemetry', found: false, subject: 'Second', sender: { address: 'y@evil.example' }, recipients: [{ address: 'bob@corp.example' }] });
  });

  it('shows an identity alert’s sign-ins around it (on-premises and Entra ID), those from the alert’s IP marked', async () => {
    const d = await details(ids.idp ?? '');
    expect(d.emails).toEqual([]);
    expect(d.signInWindow).toEqual({ from: '2026-01-02T11:00:00.000Z', to: '2026-01-02T13:00:00.000Z' });
    expect(d.signIns.map((s) => [s.source, s.application, s.result, s.failureReason, s.location, s.fromAlertIp])).toEqual([
      ['AADSignInEventsBeta', 'Office 365 Exchange Online', 'success', null, 'Sao Paulo, BR', true],
      ['IdentityLogonEvents', 'Active Directory', 'failure', 'WrongPassword', 'BR', true],
    ]);
    expect(d.signIns[1]?.account).toBe('corp\\lars');
  });

  it('answers 404 for an unknown alert', async () => {
    expect((await admin.request({ url: '/api/security/alerts_v2/999/details' })).statusCode).toBe(404);
  });
});
