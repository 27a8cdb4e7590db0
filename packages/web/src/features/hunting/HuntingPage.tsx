import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  ProgressBar,
  Tab,
  TabList,
  Text,
  Title2,
  ToggleButton,
  Toolbar,
  ToolbarDivider,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { AddRegular, ArrowDownloadRegular, SaveRegular, ChartMultipleRegular, DismissRegular, PlayRegular, ShieldAddRegular, StopRegular, TableRegular } from '@fluentui/react-icons';
import { useSession } from '../auth/session.tsx';
import { addHistory, deleteSavedQuery, fetchHuntingSchema, HuntingError, listHistory, listSavedQueries, runHuntingQuery, saveQuery } from './api.ts';
import { errorMessage } from '../../api/index.ts';
import { SaveQueryDialog } from './components/SaveQueryDialog.tsx';
import type { HuntingResult, KqlDiagnostic, ResultRow } from './api.ts';
import { toCsv } from './csv.ts';
import { viewRows } from './grid-model.ts';
import type { ColumnFilters, SortState } from './grid-model.ts';
import { chartKindOf, chartKinds } from './chart-model.ts';
import type { ChartKind } from './chart-model.ts';
import { timeRangeOptions, toTimespan } from './time-range.ts';
import type { TimeRange, TimeRangeId } from './time-range.ts';
import { binderSchema, checkQuery } from './live-check.ts';
import { KqlEditor } from './components/KqlEditor.tsx';
import type { KqlEditorRef } from './components/KqlEditor.tsx';
import { ResultsGrid } from './components/ResultsGrid.tsx';
import { ResultsChart } from './components/ResultsChart.tsx';
import { RowInspector } from './components/RowInspector.tsx';
import { SchemaBrowser } from './components/SchemaBrowser.tsx';
import { QueryLibrary } from './components/QueryLibrary.tsx';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateColumns: '280px minmax(0, 1fr)', gap: tokens.spacingHorizontalL, height: 'calc(100vh - 48px - 48px)', minHeight: '560px' },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, borderRight: `1px solid ${tokens.colorNeutralStroke2}`, paddingRight: tokens.spacingHorizontalM },
  sideBody: { flex: 1, minHeight: 0, overflowY: 'auto' },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, minWidth: 0 },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  tabs: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, overflowX: 'auto' },
  editor: { height: '200px', flexShrink: 0 },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  results: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalS },
  resultsBody: { flex: 1, minHeight: 0 },
  stats: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  spacer: { flex: 1 },
  chartKind: { minWidth: '150px', width: '150px' },
  diag: { margin: 0, paddingLeft: tokens.spacingHorizontalL, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  hint: { color: tokens.colorNeutralForeground3 },
  problems: { display: 'flex', flexDirection: 'column' },
  problemError: { color: tokens.colorPaletteRedForeground1, fontFamily: tokens.fontFamilyMonospace },
});

interface QueryTab {
  id: string;
  title: string;
  query: string;
  running: boolean;
  startedAt?: number;
  result?: HuntingResult;
  /** Wall time from sending the query to having the parsed response, in ms. */
  roundTripMs?: number;
  /** The query text that produced `result`. */
  ranQuery?: string;
  error?: string;
  diagnostics: KqlDiagnostic[];
  /** The `render` the compiler read from the query text. */
  render?: string;
  view: 'table' | 'chart';
  chartKind: ChartKind;
  sort?: SortState;
  filters: ColumnFilters;
}

const DEFAULT_QUERY = 'DeviceProcessEvents\n| where Timestamp > ago(1d)\n| take 100';
let nextTabNumber = 1;

/** "1 row", "30,000 rows". */
function rowCount(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
}

function newTab(title: string | undefined, query: string): QueryTab {
  const n = nextTabNumber++;
  return { id: `tab-${n}-${Date.now().toString(36)}`, title: title ?? `Query ${n}`, query, running: false, diagnostics: [], view: 'table', chartKind: 'columnchart', filters: {} };
}

function downloadCsv(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\w.-]+/g, '_') || 'results'}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function HuntingPage() {
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const [tabs, setTabs] = useState<QueryTab[]>(() => [newTab(params.get('title') ?? undefined, params.get('query') ?? DEFAULT_QUERY)]);
  const [activeId, setActiveId] = useState<string>(() => tabs[0]?.id ?? '');
  const [side, setSide] = useState<'schema' | 'queries'>('schema');
  const [range, setRange] = useState<TimeRange>({ id: '24h' });
  const [inspect, setInspect] = useState<{ row: ResultRow; index: number }>();
  const editorRef = useRef<KqlEditorRef>(null);
  const navigate = useNavigate();
  const canManageRules = useSession().can('detections.manage');
  const controllers = useRef(new Map<string, AbortController>());
  const schema = useQuery({ queryKey: ['hunting', 'schema'], queryFn: fetchHuntingSchema, staleTime: Infinity });
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: ['hunting', 'saved'], queryFn: listSavedQueries });
  const history = useQuery({ queryKey: ['hunting', 'history'], queryFn: listHistory });
  const [saving, setSaving] = useState(false);
  const save = useMutation({
    mutationFn: saveQuery,
    onSuccess: async (q) => {
      setSaving(false);
      if (tab) update(tab.id, { title: q.name });
      await queryClient.invalidateQueries({ queryKey: ['hunting', 'saved'] });
    },
  });
  const remove = useMutation({
    mutationFn: deleteSavedQuery,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['hunting', 'saved'] }),
  });

  const tab = tabs.find((t) => t.id === activeId) ?? tabs[0];
  const compilerSchema = useMemo(() => (schema.data ? binderSchema(schema.data) : undefined), [schema.data]);
  const update = useCallback((id: string, patch: Partial<QueryTab> | ((t: QueryTab) => Partial<QueryTab>)) => {
    setTabs((ts) => ts.map((t) => (t.id === id ? { ...t, ...(typeof patch === 'function' ? patch(t) : patch) } : t)));
  }, []);

  // A link with ?query= (go hunt, entity pages) opens that query in its own tab.
  useEffect(() => {
    const q = params.get('query');
    if (q === null) return;
    setTabs((ts) => {
      if (ts.some((t) => t.query === q)) return ts;
      const t = newTab(params.get('title') ?? undefined, q);
      setActiveId(t.id);
      return [...ts, t];
    });
    setParams({}, { replace: true });
  }, [params, setParams]);

  // Live diagnostics from our compiler as the person types (debounced), the same line:column the server reports.
  const activeQuery = tab?.query;
  const activeTabId = tab?.id;
  useEffect(() => {
    if (!compilerSchema || activeTabId === undefined || activeQuery === undefined) return;
    const timer = setTimeout(() => {
      const r = checkQuery(activeQuery, compilerSchema);
      setTabs((ts) =>
        ts.map((t) => {
          if (t.id !== activeTabId || t.query !== activeQuery) return t;
          const next = { ...t, diagnostics: r.diagnostics };
          return r.render ? { ...next, render: r.render } : withoutKey(next, 'render');
        }),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [activeQuery, activeTabId, compilerSchema]);

  const timespan = toTimespan(range);
  const run = useCallback(() => {
    const current = tab;
    if (!current || current.query.trim() === '') return;
    controllers.current.get(current.id)?.abort();
    const controller = new AbortController();
    controllers.current.set(current.id, controller);
    const started = performance.now();
    // The render the query asks for, read by the compiler now (the debounced check may not have run yet).
    const asked = compilerSchema ? checkQuery(current.query, compilerSchema).render : current.render;
    setTabs((ts) => ts.map((t) => (t.id === current.id ? { ...withoutKey(t, 'error'), running: true, startedAt: Date.now() } : t)));
    runHuntingQuery(current.query, timespan, controller.signal)
      .then((result) => {
        // From here to the grid's first paint is the render the investigation bench times (hunting:render).
        performance.mark('hunting:result');
        const render = chartKindOf(result.render?.visualization ?? asked);
        update(current.id, (t) => ({
          running: false,
          result,
          ranQuery: current.query,
          roundTripMs: Math.round(performance.now() - started),
          filters: {},
          ...(render ? { view: 'chart' as const, chartKind: render } : { view: t.view === 'chart' ? ('chart' as const) : ('table' as const) }),
        }));
        setTabs((ts) => ts.map((t) => (t.id === current.id ? withoutKey(withoutKey(t, 'error'), 'sort') : t)));
        // The person's query history (server-side); a failure to record it must not spoil the result.
        addHistory(current.query, timespan)
          .then(() => queryClient.invalidateQueries({ queryKey: ['hunting', 'history'] }))
          .catch((e: unknown) => console.warn('query history not recorded', e));
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) {
          update(current.id, { running: false, error: 'The query was cancelled.' });
          return;
        }
        const diagnostics = e instanceof HuntingError ? e.diagnostics : [];
        const message = e instanceof HuntingError && e.status === 401 ? 'Sign in to run queries.' : e instanceof Error ? e.message : String(e);
        update(current.id, (t) => ({ running: false, error: message, diagnostics: diagnostics.length > 0 ? diagnostics : t.diagnostics }));
      })
      .finally(() => {
        if (controllers.current.get(current.id) === controller) controllers.current.delete(current.id);
      });
  }, [tab, timespan, update, compilerSchema, queryClient]);

  // "Create detection rule": the rule form with this query, its entity mapping suggested from the result's
  // columns (the last run's when the text is unchanged since, else the compiler's for the current text).
  const createRule = (): void => {
    if (!tab) return;
    const columns =
      tab.result && tab.ranQuery === tab.query ? tab.result.schema.map((c) => c.name) : compilerSchema ? checkQuery(tab.query, compilerSchema).columns : undefined;
    const name = /^Query \d+$/.test(tab.title) ? undefined : tab.title;
    void navigate('/custom-detection-rules/new', { state: { query: tab.query, ...(columns ? { columns } : {}), ...(name ? { name } : {}) } });
  };

  const cancel = (): void => {
    if (tab) controllers.current.get(tab.id)?.abort();
  };

  useEffect(() => {
    const ctrls = controllers.current;
    return () => {
      for (const c of ctrls.values()) c.abort();
    };
  }, []);

  const addTab = useCallback((title?: string, query = ''): void => {
    const t = newTab(title, query);
    setTabs((ts) => [...ts, t]);
    setActiveId(t.id);
  }, []);
  // Stable handlers, so the (memoised) grid is not drawn again while the person types a query.
  const onSortChange = useCallback(
    (s: SortState | undefined) => setTabs((ts) => ts.map((t) => (t.id === activeTabId ? (s ? { ...t, sort: s } : withoutKey(t, 'sort')) : t))),
    [activeTabId],
  );
  const onFilterChange = useCallback((c: string, text: string) => activeTabId !== undefined && update(activeTabId, (t) => ({ filters: { ...t.filters, [c]: text } })), [activeTabId, update]);
  const onInspect = useCallback((row: ResultRow, index: number) => setInspect({ row, index }), []);
  const insertText = useCallback((text: string) => editorRef.current?.insert(text), []);
  const removeSaved = remove.mutate;
  const deleteSaved = useCallback((q: { id: string }) => removeSaved(q.id), [removeSaved]);
  const closeTab = (id: string): void => {
    controllers.current.get(id)?.abort();
    setTabs((ts) => {
      const rest = ts.filter((t) => t.id !== id);
      if (rest.length === 0) {
        const t = newTab(undefined, '');
        setActiveId(t.id);
        return [t];
      }
      if (id === activeId) setActiveId(rest[Math.max(0, ts.findIndex((t) => t.id === id) - 1)]?.id ?? rest[0]?.id ?? '');
      return rest;
    });
  };

  const result = tab?.result;
  const shownRows = useMemo(() => (result ? viewRows(result.schema, result.results, tab.filters, tab.sort) : []), [result, tab?.filters, tab?.sort]);
  const truncated = result?.stats?.truncated === true;

  if (!tab) return null;
  return (
    <div className={styles.root}>
      <aside className={styles.side} aria-label="Schema and queries">
        <TabList size="small" selectedValue={side} onTabSelect={(_, d) => setSide(d.value as 'schema' | 'queries')} aria-label="Side panel">
          <Tab value="schema">Schema</Tab>
          <Tab value="queries">Queries</Tab>
        </TabList>
        <div className={styles.sideBody}>
          {side === 'schema' ? (
            <MemoSchemaBrowser tables={schema.data} error={schema.error ? schema.error.message : undefined} onInsert={insertText} />
          ) : (
            <MemoQueryLibrary onOpen={addTab} saved={saved.data} history={history.data} onDelete={deleteSaved} />
          )}
        </div>
      </aside>

      <section className={styles.main} aria-labelledby="hunting-title">
        <div className={styles.titleRow}>
          <Title2 as="h1" id="hunting-title">
            Advanced hunting
          </Title2>
        </div>
        <div className={styles.tabs}>
          <TabList size="small" selectedValue={tab.id} onTabSelect={(_, d) => setActiveId(String(d.value))} aria-label="Query tabs">
            {tabs.map((t) => (
              <Tab key={t.id} value={t.id}>
                {t.title}
                {t.running ? ' …' : ''}
              </Tab>
            ))}
          </TabList>
          <Button appearance="subtle" size="small" icon={<AddRegular />} aria-label="New query tab" onClick={() => addTab()} />
          <Button appearance="subtle" size="small" icon={<DismissRegular />} aria-label={`Close ${tab.title}`} onClick={() => closeTab(tab.id)} />
        </div>

        <Toolbar aria-label="Query actions" className={styles.toolbar} size="small">
          {tab.running ? (
            <Button appearance="primary" icon={<StopRegular />} onClick={cancel}>
              Cancel
            </Button>
          ) : (
            <Button appearance="primary" icon={<PlayRegular />} onClick={run} disabled={tab.query.trim() === ''}>
              Run query
            </Button>
          )}
          <Caption1 className={styles.hint}>Shift+Enter</Caption1>
          <Button icon={<SaveRegular />} onClick={() => setSaving(true)} disabled={tab.query.trim() === ''}>
            Save
          </Button>
          {canManageRules ? (
            <Button icon={<ShieldAddRegular />} onClick={createRule} disabled={tab.query.trim() === ''}>
              Create detection rule
            </Button>
          ) : (
            <Tooltip content="Needs the detections.manage permission" relationship="description">
              <Button icon={<ShieldAddRegular />} disabledFocusable>
                Create detection rule
              </Button>
            </Tooltip>
          )}
          <ToolbarDivider />
          <Field label="Time range" orientation="horizontal" size="small">
            <Dropdown
              size="small"
              value={timeRangeOptions.find((o) => o.id === range.id)?.label ?? ''}
              selectedOptions={[range.id]}
              onOptionSelect={(_, d) => {
                const id = d.optionValue as TimeRangeId;
                if (id === 'custom') {
                  const end = new Date();
                  const start = new Date(end.getTime() - 24 * 3600_000);
                  setRange({ id, start: start.toISOString().slice(0, 16), end: end.toISOString().slice(0, 16) });
                } else setRange({ id });
              }}
            >
              {timeRangeOptions.map((o) => (
                <Option key={o.id} value={o.id}>
                  {o.label}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {range.id === 'custom' && (
            <>
              <Input size="small" type="datetime-local" aria-label="From" value={range.start ?? ''} onChange={(_, d) => setRange({ ...range, start: d.value })} />
              <Input size="small" type="datetime-local" aria-label="To" value={range.end ?? ''} onChange={(_, d) => setRange({ ...range, end: d.value })} />
            </>
          )}
        </Toolbar>

        <div className={styles.editor}>
          <KqlEditor
            ref={editorRef}
            tabId={tab.id}
            value={tab.query}
            diagnostics={tab.diagnostics}
            schema={schema.data}
            onChange={(q) => update(tab.id, { query: q })}
            onRun={run}
          />
        </div>

        {!tab.error && tab.diagnostics.length > 0 && (
          <div className={styles.problems} aria-live="polite" aria-label="Problems">
            {tab.diagnostics.slice(0, 3).map((d, i) => (
              <Caption1 key={i} block className={d.severity === 'error' || d.severity === undefined ? styles.problemError : styles.hint}>
                Line {d.line}, column {d.column}: {d.message}
              </Caption1>
            ))}
            {tab.diagnostics.length > 3 && <Caption1 className={styles.hint}>and {tab.diagnostics.length - 3} more</Caption1>}
          </div>
        )}
        {tab.running && (
          <div role="status" aria-live="polite">
            <ProgressBar thickness="medium" aria-label="Query running" />
            <Elapsed since={tab.startedAt ?? Date.now()} />
          </div>
        )}
        {tab.error && (
          <MessageBar intent={tab.diagnostics.length > 0 ? 'error' : tab.error === 'The query was cancelled.' ? 'info' : 'error'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{tab.diagnostics.length > 0 ? 'The query has errors' : tab.error === 'The query was cancelled.' ? 'Cancelled' : 'The query failed'}</MessageBarTitle>
              {tab.diagnostics.length > 0 ? (
                <ul className={styles.diag}>
                  {tab.diagnostics.map((d, i) => (
                    <li key={i}>
                      Line {d.line}, column {d.column}: {d.message}
                    </li>
                  ))}
                </ul>
              ) : (
                tab.error
              )}
            </MessageBarBody>
          </MessageBar>
        )}

        <section className={styles.results} aria-label="Results">
          {result ? (
            <>
              <div className={styles.stats}>
                <Text weight="semibold" role="status">
                  {shownRows.length === result.results.length ? rowCount(result.results.length) : `${shownRows.length.toLocaleString('en-US')} of ${rowCount(result.results.length)}`}
                </Text>
                <Caption1>
                  Query time {(result.stats?.elapsedMs ?? tab.roundTripMs ?? 0).toLocaleString('en-US')} ms
                  {tab.roundTripMs !== undefined ? ` · round trip ${tab.roundTripMs.toLocaleString('en-US')} ms` : ''}
                </Caption1>
                {truncated && <Badge color="warning">Truncated</Badge>}
                <div className={styles.spacer} />
                <ToggleButton size="small" icon={<TableRegular />} checked={tab.view === 'table'} onClick={() => update(tab.id, { view: 'table' })}>
                  Table
                </ToggleButton>
                <ToggleButton size="small" icon={<ChartMultipleRegular />} checked={tab.view === 'chart'} onClick={() => update(tab.id, { view: 'chart' })}>
                  Chart
                </ToggleButton>
                {tab.view === 'chart' && (
                  <Field label="Chart type" orientation="horizontal" size="small">
                  <Dropdown
                    size="small"
                    className={styles.chartKind}
                    value={chartKinds.find((k) => k.kind === tab.chartKind)?.label ?? ''}
                    selectedOptions={[tab.chartKind]}
                    onOptionSelect={(_, d) => update(tab.id, { chartKind: d.optionValue as ChartKind })}
                  >
                    {chartKinds.map((k) => (
                      <Option key={k.kind} value={k.kind}>
                        {k.label}
                      </Option>
                    ))}
                  </Dropdown>
                  </Field>
                )}
                <Button size="small" icon={<ArrowDownloadRegular />} onClick={() => downloadCsv(tab.title, toCsv(result.schema, shownRows))}>
                  Export CSV
                </Button>
              </div>
              {truncated && (
                <MessageBar intent="warning">
                  <MessageBarBody>
                    The result was cut at {result.results.length.toLocaleString('en-US')} rows, the row cap. Narrow the time range or add filters or summarize to see everything.
                  </MessageBarBody>
                </MessageBar>
              )}
              <div className={styles.resultsBody}>
                {tab.view === 'chart' ? (
                  <ResultsChart kind={tab.chartKind} columns={result.schema} rows={shownRows} />
                ) : (
                  <ResultsGrid
                    columns={result.schema}
                    rows={shownRows}
                    totalRows={result.results.length}
                    sort={tab.sort}
                    filters={tab.filters}
                    onSortChange={onSortChange}
                    onFilterChange={onFilterChange}
                    onInspect={onInspect}
                  />
                )}
              </div>
            </>
          ) : (
            <Text className={styles.hint}>{tab.running ? 'Waiting for results…' : 'Run a query to see results here.'}</Text>
          )}
        </section>
      </section>
      {saving && (
        <SaveQueryDialog
          initialName={tab.title}
          busy={save.isPending}
          error={save.error ? errorMessage(save.error) : undefined}
          onCancel={() => setSaving(false)}
          onSave={(q) => save.mutate({ ...q, query: tab.query })}
        />
      )}
      {result && <RowInspector columns={result.schema} row={inspect?.row} index={inspect?.index ?? 0} onClose={() => setInspect(undefined)} />}
    </div>
  );
}

// The side panels do not change with a result: drawn again only when their own inputs change.
const MemoSchemaBrowser = memo(SchemaBrowser);
const MemoQueryLibrary = memo(QueryLibrary);

/** "Running… 2.3 s", ticking on its own so the page is not drawn again ten times a second. */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return <Caption1>Running… {((now - since) / 1000).toFixed(1)} s</Caption1>;
}

function withoutKey<T extends object, K extends keyof T>(o: T, k: K): T {
  const copy = { ...o };
  delete copy[k];
  return copy;
}
