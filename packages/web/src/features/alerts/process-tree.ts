/** The process tree of an endpoint alert, from its process evidence (parent links by process id). */
import type { Evidence } from '../incidents/api.ts';

export interface ProcessNode {
  key: string;
  fileName: string;
  processId: number | undefined;
  commandLine: string | undefined;
  sha256: string | undefined;
  deviceName: string | undefined;
  /** True for a parent known only by name from a child's evidence. */
  inferred: boolean;
  children: ProcessNode[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Roots of the tree: processes whose parent is not in the evidence hang under an inferred parent node. */
export function buildProcessTree(evidence: readonly Evidence[]): ProcessNode[] {
  const byPid = new Map<string, ProcessNode>();
  const procs = evidence.filter((e) => e.type === 'process');
  const keyOf = (device: string | undefined, pid: number | undefined, name: string): string => `${device ?? ''}:${pid ?? name}`;
  for (const e of procs) {
    const device = str(e.deviceName);
    const pid = num(e.processId);
    const fileName = str(e.fileName) ?? 'process';
    const key = keyOf(device, pid, fileName);
    if (!byPid.has(key)) byPid.set(key, { key, fileName, processId: pid, commandLine: str(e.commandLine), sha256: str(e.sha256), deviceName: device, inferred: false, children: [] });
  }
  const roots: ProcessNode[] = [];
  for (const e of procs) {
    const device = str(e.deviceName);
    const node = byPid.get(keyOf(device, num(e.processId), str(e.fileName) ?? 'process'));
    if (!node || roots.includes(node) || [...byPid.values()].some((p) => p.children.includes(node))) continue;
    const ppid = num(e.parentProcessId);
    const pname = str(e.parentFileName);
    if (ppid === undefined && pname === undefined) {
      roots.push(node);
      continue;
    }
    const pkey = keyOf(device, ppid, pname ?? 'process');
    let parent = byPid.get(pkey);
    if (!parent) {
      parent = { key: pkey, fileName: pname ?? 'process', processId: ppid, commandLine: undefined, sha256: undefined, deviceName: device, inferred: true, children: [] };
      byPid.set(pkey, parent);
      roots.push(parent);
    }
    parent.children.push(node);
  }
  return roots;
}
