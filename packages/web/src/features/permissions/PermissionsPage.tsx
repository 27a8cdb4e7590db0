import type { ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { Tab, TabList, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { Permission } from '../../api/permissions.ts';
import { useSession } from '../auth/session.tsx';
import { AssignmentsTab } from './components/AssignmentsTab.tsx';
import { AuditTab } from './components/AuditTab.tsx';
import { DeviceGroupsTab } from './components/DeviceGroupsTab.tsx';
import { RolesTab } from './components/RolesTab.tsx';
import { TokensTab } from './components/TokensTab.tsx';
import { UsersTab } from './components/UsersTab.tsx';

const useStyles = makeStyles({ panel: { marginTop: tokens.spacingVerticalM } });

const tabs: { id: string; label: string; permission: Permission; element: ReactElement }[] = [
  { id: 'users', label: 'Users', permission: 'authorization.read', element: <UsersTab /> },
  { id: 'roles', label: 'Roles', permission: 'authorization.read', element: <RolesTab /> },
  { id: 'assignments', label: 'Assignments', permission: 'authorization.read', element: <AssignmentsTab /> },
  { id: 'device-groups', label: 'Device groups', permission: 'authorization.read', element: <DeviceGroupsTab /> },
  { id: 'tokens', label: 'API tokens', permission: 'authorization.manage', element: <TokensTab /> },
  { id: 'audit', label: 'Audit log', permission: 'authorization.read', element: <AuditTab /> },
];

/** Settings > Permissions & roles: users, roles, assignments, device groups, API tokens and the audit log. */
export function PermissionsPage() {
  const styles = useStyles();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const visible = tabs.filter((t) => can(t.permission));
  const current = visible.find((t) => t.id === params.get('tab')) ?? visible[0];
  return (
    <section aria-labelledby="permissions-title">
      <Title2 as="h1" id="permissions-title">
        Permissions &amp; roles
      </Title2>
      <TabList selectedValue={current?.id} onTabSelect={(_, d) => setParams({ tab: String(d.value) }, { replace: true })} aria-label="Permissions sections">
        {visible.map((t) => (
          <Tab key={t.id} value={t.id} id={`perm-tab-${t.id}`} aria-controls="perm-panel">
            {t.label}
          </Tab>
        ))}
      </TabList>
      {current && (
        <div role="tabpanel" id="perm-panel" aria-labelledby={`perm-tab-${current.id}`} className={styles.panel}>
          {current.element}
        </div>
      )}
    </section>
  );
}
