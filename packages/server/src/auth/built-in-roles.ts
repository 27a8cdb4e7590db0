import { allPermissions } from './permissions.ts';
import type { Permission } from './permissions.ts';

export interface RoleDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
  readonly builtIn: boolean;
}

const readSecurity: Permission[] = ['security.read', 'hunting.run', 'vulnerability.read'];

/**
 * The built-in roles, after Defender's Entra roles (docs/ARCHITECTURE.md lists them with their
 * permissions). They are read-only: custom roles cover anything else.
 */
export const builtInRoles: readonly RoleDefinition[] = [
  {
    id: 'global-administrator',
    name: 'Global Administrator',
    description: 'Every permission, including system settings and ingestion tokens.',
    permissions: allPermissions,
    builtIn: true,
  },
  {
    id: 'security-administrator',
    name: 'Security Administrator',
    description: 'Full security access: operations, posture, detections, roles and device groups, core and detection settings. Not system settings.',
    permissions: allPermissions.filter((p) => p !== 'settings.system' && p !== 'ingest.write'),
    builtIn: true,
  },
  {
    id: 'security-operator',
    name: 'Security Operator',
    description: 'Reads security data, manages alerts and incidents, takes response actions and basic live response, hunts.',
    permissions: [...readSecurity, 'alerts.manage', 'response.manage', 'liveresponse.basic', 'email.quarantine'],
    builtIn: true,
  },
  {
    id: 'security-reader',
    name: 'Security Reader',
    description: 'Reads security data and runs hunting queries; changes nothing.',
    permissions: readSecurity,
    builtIn: true,
  },
  {
    id: 'global-reader',
    name: 'Global Reader',
    description: 'Reads everything, including users, roles, device groups and the audit log; changes nothing.',
    permissions: [...readSecurity, 'authorization.read'],
    builtIn: true,
  },
];

export const builtInRoleById: ReadonlyMap<string, RoleDefinition> = new Map(builtInRoles.map((r) => [r.id, r]));

/** Permissions that make a role privileged (for "require a second factor for privileged roles"). */
export const privilegedPermissions: readonly Permission[] = ['authorization.manage', 'settings.system', 'settings.core'];
