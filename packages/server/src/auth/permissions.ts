/**
 * The one registry of permissions. Server checks, the OpenAPI spec, UI abilities, API tokens and the docs
 * all read it. Names are resource.action, grouped as Defender's unified RBAC groups them.
 */
export const permissionGroups = {
  'Security operations': {
    'security.read': 'Read security data: incidents, alerts, devices, entities (security data basics).',
    'alerts.manage': 'Manage alerts and incidents: assign, classify, resolve, comment, link, merge.',
    'response.manage': 'Take response actions on devices, files and users.',
    'liveresponse.basic': 'Run basic live response commands.',
    'liveresponse.advanced': 'Run advanced live response commands and scripts.',
    'email.quarantine': 'Manage the email quarantine.',
    'email.advanced': 'Take advanced actions on email (delete, move, submit).',
    'hunting.run': 'Run advanced hunting queries.',
    'detections.manage': 'Create and manage custom detection rules.',
  },
  'Security posture': {
    'vulnerability.read': 'Read vulnerability management data.',
    'vulnerability.manage': 'Manage vulnerability management.',
    'posture.exceptions': 'Handle posture exceptions.',
    'posture.remediation': 'Handle remediation activities.',
  },
  'Authorization and settings': {
    'authorization.read': 'Read users, roles, device groups and the audit log.',
    'authorization.manage': 'Manage users, roles, role assignments, device groups and tokens.',
    'settings.core': 'Manage core security settings.',
    'settings.detection': 'Tune detections: alert tuning and suppression rules, threat indicators.',
    'settings.system': 'Manage system settings: data sources, retention, notifications.',
  },
  Ingestion: {
    'ingest.write': 'Send telemetry and external alerts to the ingest API.',
  },
} as const;

type Groups = typeof permissionGroups;
export type Permission = { [G in keyof Groups]: keyof Groups[G] }[keyof Groups];

export const allPermissions: readonly Permission[] = Object.values(permissionGroups).flatMap((g) => Object.keys(g) as Permission[]);

const permissionSet: ReadonlySet<string> = new Set(allPermissions);

export function isPermission(value: string): value is Permission {
  return permissionSet.has(value);
}

/**
 * What a route needs: one permission, or `public` (no sign-in), or `authenticated` (any signed-in caller,
 * e.g. reading one's own profile). Every route declares one of these; undeclared routes fail at startup.
 */
export type RouteAccess = { permission: Permission } | { public: true; reason: string } | { authenticated: true };
