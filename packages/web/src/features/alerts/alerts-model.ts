/** The alert queue's URL filters as OData. */

/** Builds the alerts_v2 $filter from the URL's status and severity lists. */
export function alertsFilter(status: readonly string[], severity: readonly string[]): string | undefined {
  const any = (p: string, vs: readonly string[]): string => `(${vs.map((v) => `${p} eq '${v}'`).join(' or ')})`;
  const parts = [...(status.length ? [any('status', status)] : []), ...(severity.length ? [any('severity', severity)] : [])];
  return parts.length ? parts.join(' and ') : undefined;
}
