export interface Health {
  status: string;
  version: string;
  stores: Record<string, { engine: string; schemaVersion: number }>;
}

export async function fetchHealth(): Promise<Health> {
  const res = await fetch('/api/health');
  if (!res.ok) throw new Error(`health check failed: ${res.status}`);
  return (await res.json()) as Health;
}
