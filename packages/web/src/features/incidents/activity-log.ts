/** The incident activity log in words: the server logs enum values ("classification -> truePositive"); show their display labels. */
import { label } from './queue-model.ts';

const fieldNames: Readonly<Record<string, string>> = {
  status: 'Status',
  classification: 'Classification',
  determination: 'Determination',
  assignedTo: 'Assigned to',
  tags: 'Tags',
  severity: 'Severity',
  name: 'Name',
  verdict: 'Verdict',
  remediationStatus: 'Remediation',
  remediationStatusDetails: 'Remediation details',
};
/** Fields whose values are enum values (the others are free text: names, tags). */
const enumFields = new Set(['status', 'classification', 'determination', 'severity', 'verdict', 'remediationStatus']);

function part(text: string): string {
  const m = /^(\w+) (?:(\S+) )?-> (.*)$/.exec(text);
  if (!m) return text;
  const [, field = '', from, to = ''] = m;
  const name = fieldNames[field];
  if (!name) return text;
  const value = (v: string): string => (enumFields.has(field) ? label(v) : v);
  return from !== undefined ? `${name}: ${value(from)} → ${value(to)}` : `${name} → ${value(to)}`;
}

/** One log entry as a sentence: "Updated: Classification → True positive; Determination → Phishing". */
export function activityText(action: string, details: string): string {
  const what = label(action);
  if (!details) return what;
  return `${what}: ${details.split('; ').map(part).join('; ')}`;
}
