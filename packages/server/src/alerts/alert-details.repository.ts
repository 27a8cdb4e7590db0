/**
 * The only SQL of the alert page's details: an email alert's messages (EmailEvents, EmailUrlInfo,
 * EmailAttachmentInfo, EmailPostDeliveryEvents by NetworkMessageId) and an identity alert's sign-ins
 * (IdentityLogonEvents and AADSignInEventsBeta of its accounts around the alert), read from the event store.
 */
import type { DuckDbEventStore } from '../events/event-store.ts';

const QUERY_TIMEOUT_MS = 15_000;
const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export class AlertDetailsRepository {
  constructor(private readonly events: DuckDbEventStore) {}

  private async rows(text: string, params: unknown[], maxRows: number): Promise<Record<string, unknown>[]> {
    return [...(await this.events.query(text, params, { timeoutMs: QUERY_TIMEOUT_MS, maxRows })).rows];
  }

  /** EmailEvents rows of these messages (one per recipient), oldest first. */
  emailEvents(ids: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.rows(
      `SELECT "Timestamp", "NetworkMessageId", "InternetMessageId", "SenderFromAddress", "SenderMailFromAddress", "SenderDisplayName", "SenderIPv4", "SenderIPv6", "RecipientEmailAddress", "Subject", "EmailDirection", "DeliveryAction", "DeliveryLocation", "LatestDeliveryAction", "LatestDeliveryLocation", "ThreatTypes", "DetectionMethods", "AttachmentCount", "UrlCount"
       FROM "EmailEvents" WHERE "NetworkMessageId" IN (${placeholders(ids.length)}) ORDER BY "Timestamp"`,
      [...ids],
      500,
    );
  }

  emailUrls(ids: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.rows(`SELECT DISTINCT "NetworkMessageId", "Url", "UrlDomain", "UrlLocation" FROM "EmailUrlInfo" WHERE "NetworkMessageId" IN (${placeholders(ids.length)}) ORDER BY "Url"`, [...ids], 200);
  }

  emailAttachments(ids: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.rows(
      `SELECT DISTINCT "NetworkMessageId", "FileName", "FileType", "SHA256", "FileSize", "ThreatTypes" FROM "EmailAttachmentInfo" WHERE "NetworkMessageId" IN (${placeholders(ids.length)}) ORDER BY "FileName"`,
      [...ids],
      200,
    );
  }

  emailPostDelivery(ids: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.rows(
      `SELECT "Timestamp", "NetworkMessageId", "RecipientEmailAddress", "Action", "ActionType", "ActionTrigger", "ActionResult", "DeliveryLocation" FROM "EmailPostDeliveryEvents" WHERE "NetworkMessageId" IN (${placeholders(ids.length)}) ORDER BY "Timestamp"`,
      [...ids],
      200,
    );
  }

  /** On-premises and Entra ID sign-ins of these accounts (UPNs and account names, lower-cased) in [from, to], newest first. */
  async signIns(upns: readonly string[], names: readonly string[], from: string, to: string, max: number): Promise<Record<string, unknown>[]> {
    const identity: string[] = [];
    const p: unknown[] = [];
    if (upns.length) {
      identity.push(`lower("AccountUpn") IN (${placeholders(upns.length)})`);
      p.push(...upns);
    }
    const idParams = [...p];
    const onPrem = [...identity];
    const onPremParams = [...idParams];
    if (names.length) {
      onPrem.push(`lower("AccountName") IN (${placeholders(names.length)})`);
      onPremParams.push(...names);
    }
    const out: Record<string, unknown>[] = [];
    if (onPrem.length) {
      out.push(
        ...(await this.rows(
          `SELECT 'IdentityLogonEvents' AS "Source", "Timestamp", "ActionType", "Application", "LogonType", "Protocol", "FailureReason", "AccountName", "AccountDomain", "AccountUpn", "AccountDisplayName", "DeviceName", "IPAddress", "Location", "Isp"
           FROM "IdentityLogonEvents" WHERE (${onPrem.join(' OR ')}) AND "Timestamp" >= CAST(? AS TIMESTAMP) AND "Timestamp" <= CAST(? AS TIMESTAMP) ORDER BY "Timestamp" DESC LIMIT ${max}`,
          [...onPremParams, from, to],
          max,
        )),
      );
    }
    if (identity.length) {
      out.push(
        ...(await this.rows(
          `SELECT 'AADSignInEventsBeta' AS "Source", "Timestamp", "Application", "LogonType", "ErrorCode", "AccountUpn", "AccountDisplayName", "DeviceName", "IPAddress", "Country", "State", "City", "ClientAppUsed", "ConditionalAccessStatus"
           FROM "AADSignInEventsBeta" WHERE (${identity.join(' OR ')}) AND "Timestamp" >= CAST(? AS TIMESTAMP) AND "Timestamp" <= CAST(? AS TIMESTAMP) ORDER BY "Timestamp" DESC LIMIT ${max}`,
          [...idParams, from, to],
          max,
        )),
      );
    }
    return out;
  }
}
