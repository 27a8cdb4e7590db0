/** GET /api/security/alerts_v2/{id}/details: what the alert page shows beside an alert, from the hunting tables. */

export interface EmailDetails {
  networkMessageId: string;
  found: boolean;
  internetMessageId: string | null;
  subject: string | null;
  receivedDateTime: string | null;
  direction: string | null;
  sender: { address: string | null; mailFrom: string | null; displayName: string | null; ip: string | null };
  recipients: { address: string; deliveryAction: string | null; deliveryLocation: string | null; latestDeliveryAction: string | null; latestDeliveryLocation: string | null }[];
  threatTypes: string | null;
  detectionMethods: string | null;
  urls: { url: string; domain: string | null; location: string | null }[];
  attachments: { fileName: string | null; fileType: string | null; sha256: string | null; size: number | null; threatTypes: string | null }[];
  postDelivery: { dateTime: string | null; recipient: string | null; action: string | null; actionType: string | null; trigger: string | null; result: string | null; location: string | null }[];
}

export interface SignInDetails {
  source: 'IdentityLogonEvents' | 'AADSignInEventsBeta';
  dateTime: string | null;
  account: string | null;
  accountDisplayName: string | null;
  application: string | null;
  logonType: string | null;
  ipAddress: string | null;
  location: string | null;
  result: 'success' | 'failure' | 'unknown';
  failureReason: string | null;
  deviceName: string | null;
  /** The sign-in came from an IP address named by the alert. */
  fromAlertIp: boolean;
}

export interface AlertDetails {
  /** Email alerts: each message the alert names. */
  emails: EmailDetails[];
  /** Identity alerts: sign-ins of the alert's accounts around it. */
  signIns: SignInDetails[];
  /** The window searched for sign-ins. */
  signInWindow: { from: string; to: string } | null;
}
