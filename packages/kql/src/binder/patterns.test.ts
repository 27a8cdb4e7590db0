import { describe, expect, it } from 'vitest';
import { runKql } from '../functions/test-run.ts';

const APP = `declare pattern app = (name:string) [view:string] {
  ("a").["raw"] = { datatable(v:long)[1, 2] };
  ("a").["sum"] = { datatable(v:long)[1, 2] | summarize s = sum(v) };
  ("*").["echo"] = { print who = name, how = view };
};
`;

describe('pattern statements', () => {
  it('maps constant arguments and a path to the declared tabular expression', async () => {
    expect((await runKql(`${APP}app("a").raw | order by v asc`)).rows).toEqual([['1'], ['2']]);
    const sum = await runKql(`${APP}app('a').["sum"]`);
    expect(sum.columns).toEqual(['s']);
    expect(sum.rows).toEqual([['3']]);
  });

  it('matches "*" against any value and binds the parameters to the arguments', async () => {
    expect((await runKql(`${APP}app("zz").echo`)).rows).toEqual([['zz', 'echo']]);
    const plain = await runKql('declare pattern p = (x:string) { ("k") = { print r = 1 }; };\np("k") | extend t = r + 1');
    expect(plain.rows).toEqual([['1', '2']]);
  });

  it('reports invocations that match no mapping, lack a path or pass a non-constant', async () => {
    expect((await runKql(`${APP}app("b").raw`)).errors[0]).toContain('no mapping');
    expect((await runKql(`${APP}app("a")`)).errors[0]).toContain('needs a path');
    expect((await runKql(`${APP}let n = toscalar(print "a"); app(n).raw`)).errors[0]).toContain('constant');
  });
});
