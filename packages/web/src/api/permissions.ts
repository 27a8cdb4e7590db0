/**
 * The permission names of the server's registry (packages/server/src/auth/permissions.ts), as the web app
 * sees them in GET /api/auth/me. A unit test keeps this list equal to the server's.
 */
export const permissions = [
  'security.read',
  'alerts.manage',
  'response.manage',
  'liveresponse.basic',
  'liveresponse.advanced',
  'email.quarantine',
  'email.advanced',
  'hunting.run',
  'detections.manage',
  'vulnerability.read',
  'vulnerability.manage',
  'posture.exceptions',
  'posture.remediation',
  'authorization.read',
  'authorization.manage',
  'settings.core',
  'settings.detection',
  'settings.system',
  'ingest.write',
] as const;

export type Permission = (typeof permissions)[number];

/** Why an action is or is not available to the person (hide what is unsupported, disable what is not allowed). */
export type Ability = { granted: true } | { granted: false; cause: 'INSUFFICIENT_PERMISSIONS'; permission: Permission };

export function ability(held: ReadonlySet<string> | readonly string[], permission: Permission): Ability {
  const has = Array.isArray(held) ? held.includes(permission) : (held as ReadonlySet<string>).has(permission);
  return has ? { granted: true } : { granted: false, cause: 'INSUFFICIENT_PERMISSIONS', permission };
}
