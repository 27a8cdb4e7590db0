/**
 * The correlating keys of an alert's evidence. Two alerts correlate when they share a key: the same device,
 * user account (by UPN, SID or account name), mailbox, file hash, URL or domain, external IP, or mail
 * message. Entities that say nothing about one attack (private IPs, SYSTEM and other built-in accounts,
 * machine accounts, cloud apps, registry keys, bare file names) give no key.
 */
import type { AlertEntity } from '../alerts/alert-model.ts';

export type KeyKind = 'mail' | 'file' | 'url' | 'device' | 'account' | 'user' | 'sid' | 'domain' | 'ip';

export interface EntityKey {
  /** kind:normalised-value, e.g. device:ws-1042 */
  readonly key: string;
  readonly kind: KeyKind;
  /** What a person reads: "device WS-1042". */
  readonly display: string;
}

/** Strength of each kind of link, strongest first: the reason of a correlation names the strongest shared key. */
export const keyStrength: Readonly<Record<KeyKind, number>> = { mail: 0, file: 1, url: 2, device: 3, account: 4, sid: 5, user: 6, domain: 7, ip: 8 };

const builtInAccounts = new Set(['system', 'local service', 'network service', 'localservice', 'networkservice', 'anonymous logon', 'anonymous', 'guest', '-', '']);

export function isBuiltInAccount(name: string): boolean {
  const n = name.trim().toLowerCase();
  return builtInAccounts.has(n) || n.endsWith('$') || n.startsWith('dwm-') || n.startsWith('umfd-') || n.startsWith('nt authority\\');
}

/** The device part of a host name: "WS-1042.contoso.local" -> "ws-1042" (IP-like names are kept whole). */
export function deviceKeyValue(name: string): string {
  const n = name.trim().toLowerCase();
  if (/^[0-9.]+$/.test(n) || n.includes(':')) return n;
  return n.split('.')[0] ?? n;
}

/** True for addresses that are not routable on the internet (RFC 1918, loopback, link-local, CGNAT, ULA). */
export function isPrivateIp(address: string): boolean {
  const a = address.trim().toLowerCase();
  if (a.includes(':')) return a === '::1' || a === '::' || a.startsWith('fc') || a.startsWith('fd') || a.startsWith('fe80');
  const p = a.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return true; // not an address: never correlate on it
  const [o1 = 0, o2 = 0] = p;
  return (
    o1 === 10 || o1 === 127 || o1 === 0 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168) || (o1 === 169 && o2 === 254) || (o1 === 100 && o2 >= 64 && o2 <= 127) || o1 >= 224
  );
}

export function hostOf(url: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  try {
    const h = new URL(withScheme).hostname.toLowerCase();
    return h === '' ? undefined : h;
  } catch {
    return undefined;
  }
}

function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 12)}…` : hash;
}

export function entityKeys(entities: readonly AlertEntity[]): EntityKey[] {
  const out = new Map<string, EntityKey>();
  const add = (kind: KeyKind, value: string, display: string): void => {
    const v = value.trim().toLowerCase();
    if (v === '') return;
    const key = `${kind}:${v}`;
    if (!out.has(key)) out.set(key, { key, kind, display });
  };
  const addUrl = (url: string): void => {
    add('url', url.replace(/\/+$/, ''), `URL ${url}`);
    const host = hostOf(url);
    if (host && !(/^[0-9.]+$/.test(host) && isPrivateIp(host))) add('domain', host, `domain ${host}`);
  };
  for (const e of entities) {
    switch (e.type) {
      case 'device':
        add('device', deviceKeyValue(e.deviceName), `device ${e.deviceName}`);
        break;
      case 'user':
        if (e.upn) add('account', e.upn, `user ${e.upn}`);
        if (e.sid && !/^S-1-5-(18|19|20)$/i.test(e.sid)) add('sid', e.sid, `user SID ${e.sid}`);
        if (!isBuiltInAccount(e.accountName)) add('user', e.accountName.includes('\\') ? (e.accountName.split('\\')[1] ?? '') : e.accountName, `user ${e.accountName}`);
        break;
      case 'mailbox':
        add('account', e.address, `mailbox ${e.address}`);
        break;
      case 'ip':
        if (!isPrivateIp(e.address)) add('ip', e.address, `IP ${e.address}`);
        break;
      case 'url':
        addUrl(e.url);
        break;
      case 'file':
        if (e.sha256) add('file', e.sha256, `file ${e.fileName ?? short(e.sha256)}`);
        else if (e.sha1) add('file', e.sha1, `file ${e.fileName ?? short(e.sha1)}`);
        break;
      case 'process':
        add('device', deviceKeyValue(e.deviceName), `device ${e.deviceName}`);
        if (e.sha256) add('file', e.sha256, `file ${e.fileName ?? short(e.sha256)}`);
        break;
      case 'mailMessage':
        add('mail', e.networkMessageId, `email ${e.subject ? `"${e.subject}"` : e.networkMessageId}`);
        if (e.recipient) add('account', e.recipient, `mailbox ${e.recipient}`);
        break;
      case 'cloudApp':
      case 'registry':
        break;
    }
  }
  return [...out.values()];
}
