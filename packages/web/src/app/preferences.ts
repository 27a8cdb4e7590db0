import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';

/**
 * Each person's own portal preferences, stored server-side (GET/PUT /api/me/preferences) and visible to
 * nobody else: theme, navigation (order and hidden entries), home cards (order; absent = the role default).
 */
export interface Preferences {
  theme?: 'light' | 'dark';
  navigation?: { order: string[]; hidden: string[] };
  /** null or absent: the default cards for the person's permissions. */
  homeCards?: string[] | null;
}

export const preferencesQueryKey = ['me', 'preferences'] as const;

export const fetchPreferences = (): Promise<Preferences> => api.get<Preferences>('/api/me/preferences');
export const savePreferences = (value: Preferences): Promise<Preferences> => api.put<Preferences>('/api/me/preferences', value);

export function usePreferences() {
  return useQuery({ queryKey: preferencesQueryKey, queryFn: fetchPreferences, staleTime: Infinity });
}

/** Merges a change into the stored preferences (optimistically, rolled back on failure). */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: Preferences) => {
      const current = queryClient.getQueryData<Preferences>(preferencesQueryKey) ?? (await fetchPreferences());
      return savePreferences({ ...current, ...change });
    },
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: preferencesQueryKey });
      const previous = queryClient.getQueryData<Preferences>(preferencesQueryKey);
      queryClient.setQueryData<Preferences>(preferencesQueryKey, { ...previous, ...change });
      return { previous };
    },
    onError: (_e, _change, context) => {
      queryClient.setQueryData(preferencesQueryKey, context?.previous);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(preferencesQueryKey, saved);
    },
  });
}

/**
 * Applies a person's order and hidden list to the entries they may use. Entries not in the saved order
 * (new screens, newly granted permissions) come after the ordered ones, in default order.
 */
export function arrange<T extends { id: string }>(items: readonly T[], order: readonly string[] | undefined, hidden: readonly string[] = []): T[] {
  const rank = new Map((order ?? []).map((id, i) => [id, i]));
  const hiddenSet = new Set(hidden);
  const indexed = items.map((item, i) => ({ item, i }));
  indexed.sort((a, b) => (rank.get(a.item.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.item.id) ?? Number.MAX_SAFE_INTEGER) || a.i - b.i);
  return indexed.map((x) => x.item).filter((item) => !hiddenSet.has(item.id));
}
