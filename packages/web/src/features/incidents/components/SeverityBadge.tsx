import { Badge } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import { label } from '../queue-model.ts';

const colours: Readonly<Record<string, BadgeProps['color']>> = { high: 'danger', medium: 'warning', low: 'informative', informational: 'subtle' };

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge appearance="tint" color={colours[severity] ?? 'subtle'} shape="rounded">
      {label(severity)}
    </Badge>
  );
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
