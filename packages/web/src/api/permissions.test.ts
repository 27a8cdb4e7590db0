import { describe, expect, it } from 'vitest';
import { allPermissions } from '../../../server/src/auth/permissions.ts';
import { ability, permissions } from './permissions.ts';

describe('permissions', () => {
  it('lists exactly the server registry', () => {
    expect([...permissions].sort()).toEqual([...allPermissions].sort());
  });
  it('explains a missing permission', () => {
    expect(ability(['security.read'], 'security.read')).toEqual({ granted: true });
    expect(ability(new Set(['security.read']), 'hunting.run')).toEqual({ granted: false, cause: 'INSUFFICIENT_PERMISSIONS', permission: 'hunting.run' });
  });
});
