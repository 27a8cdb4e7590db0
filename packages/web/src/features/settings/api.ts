import { api } from '../../api/client.ts';

export type MfaRequirement = 'off' | 'privileged' | 'everyone';

export const fetchAuthSettings = (): Promise<{ mfaRequirement: MfaRequirement }> => api.get<{ mfaRequirement: MfaRequirement }>('/api/auth/settings');
export const saveAuthSettings = (mfaRequirement: MfaRequirement): Promise<{ mfaRequirement: MfaRequirement }> =>
  api.put<{ mfaRequirement: MfaRequirement }>('/api/auth/settings', { mfaRequirement });
