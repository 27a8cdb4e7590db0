import { Badge } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { EvidenceVerdict, RemediationStatus } from '../api.ts';

export const verdictLabel: Readonly<Record<EvidenceVerdict, string>> = { malicious: 'Malicious', suspicious: 'Suspicious', unknown: 'Unknown', noThreatsFound: 'No threats found' };
export const remediationLabel: Readonly<Record<RemediationStatus, string>> = { none: 'None', remediated: 'Remediated', prevented: 'Prevented', blocked: 'Blocked', notFound: 'Not found' };

const verdictColour: Readonly<Record<EvidenceVerdict, NonNullable<BadgeProps['color']>>> = { malicious: 'danger', suspicious: 'warning', unknown: 'informative', noThreatsFound: 'success' };
const remediationColour: Readonly<Record<RemediationStatus, NonNullable<BadgeProps['color']>>> = { none: 'informative', remediated: 'success', prevented: 'success', blocked: 'brand', notFound: 'subtle' };

/** An evidence verdict (Graph evidenceVerdict) as a coloured badge with its words (colour is never the only cue). */
export function VerdictBadge({ verdict, title }: { verdict: EvidenceVerdict; title?: string | undefined }) {
  return (
    <Badge appearance={verdict === 'unknown' ? 'outline' : 'filled'} color={verdictColour[verdict]} {...(title ? { title } : {})}>
      {verdictLabel[verdict]}
    </Badge>
  );
}

/** A remediation status (Graph evidenceRemediationStatus) as a badge. */
export function RemediationBadge({ status, title }: { status: RemediationStatus; title?: string | undefined }) {
  return (
    <Badge appearance={status === 'none' ? 'outline' : 'tint'} color={remediationColour[status]} {...(title ? { title } : {})}>
      {remediationLabel[status]}
    </Badge>
  );
}
