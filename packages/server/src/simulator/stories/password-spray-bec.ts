/**
 * Story 2: business email compromise. A password spray from one external address over 40 accounts, one
 * success, an inbox rule forwarding mail outside, then internal phishing from the compromised mailbox.
 */
import { cloudRow, emailRow } from '../benign.ts';
import { plainRow } from '../rows.ts';
import type { StoryDefinition } from './story.ts';
import { preferFree, takeUser } from './helpers.ts';

const SPRAY_IP = '203.0.113.66';

export const passwordSprayStory: StoryDefinition = {
  id: 'password-spray-bec',
  title: 'Password spray, mailbox takeover and internal phishing',
  hoursAgo: 70,
  localHour: 3,
  build(ctx, out) {
    const { org, rng, start } = ctx;
    // The sprayed accounts are anyone; the one that falls, and the colleagues who click, are people no other
    // story has used (a different intrusion does not happen to hit the same person the same day).
    const targets = preferFree(ctx, rng.shuffled(org.users.filter((u) => !u.admin))).slice(0, 40);
    const victim = targets.find((u) => !ctx.usedUsers.has(u.index) && (u.department === 'Sales' || u.department === 'Finance')) ?? targets[0]!;
    takeUser(ctx, victim);
    let t = start;
    // 1. The spray: one attempt per account, a few seconds apart, all from one address.
    for (const u of targets) {
      t += 8_000 + rng.int(20_000);
      const ok = u === victim;
      out.emit(
        t,
        plainRow('IdentityLogonEvents', t, {
          ActionType: ok ? 'LogonSuccess' : 'LogonFailed',
          Application: 'Microsoft 365',
          LogonType: 'Cloud sign-in',
          Protocol: 'OAuth2',
          ...(ok ? {} : { FailureReason: 'InvalidUserNameOrPassword' }),
          AccountName: u.name,
          AccountDomain: org.emailDomain,
          AccountUpn: u.upn,
          AccountSid: u.sid,
          AccountObjectId: u.objectId,
          AccountDisplayName: u.displayName,
          DeviceType: 'Desktop',
          OSPlatform: 'Linux',
          IPAddress: SPRAY_IP,
          Location: 'RU',
          Isp: 'Hosting Provider LLC',
          AdditionalFields: { UserAgent: 'python-requests/2.31.0', ErrorCode: ok ? 0 : 50126 },
        }),
        ok ? 2 : 1,
        ok ? 'T1078.004' : 'T1110.003',
        ok ? 'Sprayed password works for one account' : 'Password spray attempt',
      );
    }
    // 2. Mailbox access and a forwarding rule, from the same address.
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    t += 20 * 60_000;
    const exchange = { name: 'Microsoft Exchange Online', id: 20893 };
    out.emit(t, cloudRow(org, victim, t, exchange, 'MailItemsAccessed', 'Inbox', 'Folder', SPRAY_IP, ua, rng, { CountryCode: 'RU', City: 'Moscow', Isp: 'Hosting Provider LLC' }), 3, 'T1114.002', 'Mailbox read from the spraying address');
    t += 4 * 60_000;
    const forwardTo = 'invoices.archive@protonmail.com';
    out.emit(
      t,
      cloudRow(org, victim, t, exchange, 'New-InboxRule', 'Forward invoices', 'Inbox rule', SPRAY_IP, ua, rng, {
        CountryCode: 'RU',
        City: 'Moscow',
        Isp: 'Hosting Provider LLC',
        ActivityObjects: [{ Type: 'Inbox rule', Role: 'Target object', Name: 'Forward invoices' }],
        RawEventData: { Operation: 'New-InboxRule', UserId: victim.upn, ClientIP: SPRAY_IP, Parameters: [{ Name: 'Name', Value: '.' }, { Name: 'ForwardTo', Value: forwardTo }, { Name: 'SubjectOrBodyContainsWords', Value: 'invoice;payment;wire' }, { Name: 'MarkAsRead', Value: 'True' }, { Name: 'StopProcessingRules', Value: 'True' }] },
      }),
      4,
      'T1114.003',
      'Inbox rule forwards finance mail outside',
    );
    // 3. Internal phishing from the compromised mailbox to colleagues.
    t += 35 * 60_000;
    const recipients = preferFree(ctx, rng.shuffled(org.users.filter((u) => u !== victim))).slice(0, 25);
    const url = `https://sharepoint-docs-view.com/s/${rng.hex(12)}`;
    for (const r of recipients) {
      const id = rng.guid();
      t += 1_500 + rng.int(3000);
      out.emit(t, emailRow(org, id, t, { address: victim.email, domain: org.emailDomain, name: victim.displayName, ip: '', objectId: victim.objectId }, { email: r.email, objectId: r.objectId }, `${victim.givenName} shared "Updated payment details" with you`, 'Intra-org', 'Delivered', 'Inbox/folder', '', '', '', 0, 0, 1, 4_200_000_002, ''), 5, 'T1534', 'Internal phishing from the compromised mailbox');
      out.emit(t + 1, plainRow('EmailUrlInfo', t + 1, { NetworkMessageId: id, Url: url, UrlDomain: 'sharepoint-docs-view.com', UrlLocation: 'Body' }), 5, 'T1534', 'Phishing link');
      if (rng.chance(0.2) && !ctx.usedUsers.has(r.index)) {
        takeUser(ctx, r);
        const ct = t + 5 * 60_000 + rng.int(40 * 60_000);
        out.emit(ct, plainRow('UrlClickEvents', ct, { Url: url, ActionType: 'ClickAllowed', AccountUpn: r.upn, Workload: 'Email', NetworkMessageId: id, IPAddress: r.office.publicIp, IsClickedThrough: true, UrlChain: JSON.stringify([url]) }), 6, 'T1204.001', 'Colleague clicks the phishing link');
      }
    }
  },
};
