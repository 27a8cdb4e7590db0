import type { ReactElement } from 'react';
import { Tooltip } from '@fluentui/react-components';
import { ability } from '../../../api/permissions.ts';
import { useSession } from '../../auth/session.tsx';

/** True when the person may create, change, run and delete custom detection rules (detections.manage). */
export function useCanManageRules(): boolean {
  return useSession().can('detections.manage');
}

/**
 * A control that changes detection rules: enabled with detections.manage, otherwise disabled with a tooltip
 * saying which permission it needs (the server refuses anyway).
 */
export function ManageRule({ children }: { children: (disabled: boolean) => ReactElement }) {
  const { permissions } = useSession();
  const a = ability(permissions, 'detections.manage');
  if (a.granted) return children(false);
  return (
    <Tooltip content={`Needs the ${a.permission} permission`} relationship="description">
      {children(true)}
    </Tooltip>
  );
}
