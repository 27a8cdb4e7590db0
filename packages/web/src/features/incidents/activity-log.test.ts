import { describe, expect, it } from 'vitest';
import { activityText } from './activity-log.ts';

describe('activityText', () => {
  it('shows enum values by their display labels', () => {
    expect(activityText('updated', 'classification -> truePositive; determination -> phishing')).toBe('Updated: Classification → True positive; Determination → Phishing');
    expect(activityText('updated', 'status active -> inProgress')).toBe('Updated: Status: Active → In progress');
  });
  it('keeps free text as written', () => {
    expect(activityText('updated', 'assignedTo -> ana@contoso.com; tags -> inProgress, vip')).toBe('Updated: Assigned to → ana@contoso.com; Tags → inProgress, vip');
    expect(activityText('alertLinked', 'Alert 7 linked from incident 3 by ana')).toBe('Alert linked: Alert 7 linked from incident 3 by ana');
    expect(activityText('updated', 'resolved 2 open alert(s)')).toBe('Updated: resolved 2 open alert(s)');
  });
});
