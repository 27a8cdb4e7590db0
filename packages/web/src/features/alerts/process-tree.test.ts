import { describe, expect, it } from 'vitest';
import type { Evidence } from '../incidents/api.ts';
import { buildProcessTree } from './process-tree.ts';

const p = (fields: Record<string, unknown>): Evidence => ({ '@odata.type': '#microsoft.graph.security.processEvidence', type: 'process', roles: [], deviceName: 'ws-1', ...fields });

describe('buildProcessTree', () => {
  it('nests children under parents from the evidence, inferring a parent known only by name', () => {
    const roots = buildProcessTree([
      p({ processId: 30, fileName: 'rundll32.exe', parentProcessId: 20, parentFileName: 'powershell.exe' }),
      p({ processId: 20, fileName: 'powershell.exe', commandLine: 'powershell -enc AAA', parentProcessId: 10, parentFileName: 'winword.exe' }),
    ]);
    expect(roots).toHaveLength(1);
    const word = roots[0]!;
    expect([word.fileName, word.processId, word.inferred]).toEqual(['winword.exe', 10, true]);
    expect(word.children.map((c) => c.fileName)).toEqual(['powershell.exe']);
    expect(word.children[0]?.commandLine).toBe('powershell -enc AAA');
    expect(word.children[0]?.children.map((c) => c.fileName)).toEqual(['rundll32.exe']);
  });
  it('keeps unrelated processes as separate roots and ignores other evidence', () => {
    const roots = buildProcessTree([p({ processId: 1, fileName: 'a.exe' }), p({ processId: 2, fileName: 'b.exe' }), { '@odata.type': 'x', type: 'device', roles: [], deviceName: 'ws-1' }]);
    expect(roots.map((r) => r.fileName)).toEqual(['a.exe', 'b.exe']);
  });
});
