import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Link as RouterLink, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Switch,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TabList,
  Text,
  Textarea,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular, CopyRegular, DeleteRegular, PlayRegular, SaveRegular } from '@fluentui/react-icons';
import { ApiError, errorMessage } from '../../api/index.ts';
import { fetchHuntingSchema } from '../hunting/api.ts';
import type { KqlDiagnostic } from '../hunting/api.ts';
import { binderSchema, checkQuery } from '../hunting/live-check.ts';
import { KqlEditor } from '../hunting/components/KqlEditor.tsx';
import { formatTime, SeverityBadge } from '../incidents/components/SeverityBadge.tsx';
import { createRule, deleteRule, getRule, listRuns, runRule, setRuleEnabled, updateRule } from './api.ts';
import type { DetectionRule, RuleRun, RunOutcome } from './api.ts';
import { categories, categoryLabels, describeMapping, ruleIdFromName, entityGroups, frequencies, frequencyLabels, lookbackLabels, severities, suggestEntityMapping, suppressionChoices, suppressionLabel, fieldErrors } from './rule-model.ts';
import type { Frequency, Severity } from './rule-model.ts';
import { formFromRule, formProblems, formToInput, newForm, readSeed } from './rule-form.ts';
import type { RuleForm, RuleSeed } from './rule-form.ts';
import { ManageRule, useCanManageRules } from './components/ManageRule.tsx';
import { RunResult } from './components/RunResult.tsx';
import { RunsChart } from './components/RunsChart.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '1200px' },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  sectionTitle: { margin: 0 },
  spacer: { flex: 1 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  grid2: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  editor: { height: '180px' },
  query: { margin: 0, padding: tokens.spacingHorizontalS, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusSmall },
  mapping: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))', gap: tokens.spacingHorizontalM },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: tokens.spacingHorizontalS, border: `1px solid ${tokens.colorNeutralStroke3}`, borderRadius: tokens.borderRadiusSmall },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  muted: { color: tokens.colorNeutralForeground3 },
  problem: { color: tokens.colorPaletteRedForeground1, fontFamily: tokens.fontFamilyMonospace },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  facts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
});

/** /custom-detection-rules/new (optionally seeded from Advanced hunting) and /custom-detection-rules/:id. */
export function RulePage() {
  const { id } = useParams();
  const location = useLocation();
  const seed = useMemo(() => (id === undefined ? readSeed(location.state) : undefined), [id, location.state]);
  const rule = useQuery({ queryKey: ['detection-rule', id], queryFn: ({ signal }) => getRule(id ?? '', signal), enabled: id !== undefined });
  if (id === undefined) return <RuleEditor key={`new-${location.key}`} seed={seed} />;
  if (rule.isPending) return <Spinner label="Loading rule" />;
  if (rule.error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>The rule could not be loaded</MessageBarTitle>
          {errorMessage(rule.error)} <RouterLink to="/custom-detection-rules">Back to the rules</RouterLink>
        </MessageBarBody>
      </MessageBar>
    );
  return <RuleEditor key={rule.data.id} rule={rule.data} />;
}

function RuleEditor({ rule, seed }: { rule?: DetectionRule; seed?: RuleSeed | undefined }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canManage = useCanManageRules();
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : newForm(seed)));
  const [tab, setTab] = useState<'details' | 'runs'>('details');
  const [shownProblems, setShownProblems] = useState<Record<string, string>>({});
  const [lastRun, setLastRun] = useState<RunOutcome>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const readOnly = !canManage || rule?.builtin === true;
  const isNew = rule === undefined;

  const schema = useQuery({ queryKey: ['hunting', 'schema'], queryFn: fetchHuntingSchema, staleTime: Infinity });
  const compilerSchema = useMemo(() => (schema.data ? binderSchema(schema.data) : undefined), [schema.data]);
  const [check, setCheck] = useState<{ diagnostics: KqlDiagnostic[]; columns?: string[]; timeColumns?: string[] }>({ diagnostics: [] });
  useEffect(() => {
    if (!compilerSchema) return;
    const timer = setTimeout(() => setCheck(checkQuery(form.query, compilerSchema)), 250);
    return () => clearTimeout(timer);
  }, [form.query, compilerSchema]);
  // The columns the mapping can name: the compiled query's, else the ones hunting handed over.
  const [columns, setColumns] = useState<string[]>(() => seed?.columns ?? []);
  useEffect(() => {
    if (check.columns) setColumns(check.columns);
  }, [check.columns]);

  const runs = useQuery({ queryKey: ['detection-rule-runs', rule?.id], queryFn: ({ signal }) => listRuns(rule?.id ?? '', signal), enabled: !isNew });

  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]): void => setForm((f) => ({ ...f, [key]: value }));
  const setName = (name: string): void => setForm((f) => ({ ...f, name, ...(f.idEdited || !isNew ? {} : { id: name.trim() ? ruleIdFromName(name) : '' }) }));

  const save = useMutation({
    mutationFn: async (f: RuleForm) => {
      const input = formToInput(f);
      if (isNew) return createRule(input);
      const { id: _fixed, ...body } = input;
      return updateRule(rule.id, body);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(['detection-rule', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['detection-rules'] });
      if (isNew) void navigate(`/custom-detection-rules/${encodeURIComponent(saved.id)}`, { replace: true, state: { created: true } });
    },
  });
  const run = useMutation({
    mutationFn: () => runRule(rule?.id ?? ''),
    onSuccess: (outcome) => {
      setLastRun(outcome);
      setTab('runs');
      // Refetched in the background: the button is free again as soon as the run is done.
      void queryClient.invalidateQueries({ queryKey: ['detection-rule-runs', rule?.id] });
      void queryClient.invalidateQueries({ queryKey: ['detection-rule', rule?.id] });
      void queryClient.invalidateQueries({ queryKey: ['detection-rules'] });
    },
  });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => setRuleEnabled(rule?.id ?? '', enabled),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['detection-rule', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['detection-rules'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteRule(rule?.id ?? ''),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['detection-rules'] });
      void navigate('/custom-detection-rules', { replace: true });
    },
  });

  const serverErrors = save.error instanceof ApiError ? fieldErrors(save.error.details) : {};
  const errorOf = (field: string): string | null => {
    const own = shownProblems[field] ?? serverErrors[field];
    if (own) return own;
    const nested = Object.entries(serverErrors).filter(([k]) => k.startsWith(`${field}[`) || k.startsWith(`${field}.`));
    return nested.length > 0 ? nested.map(([, m]) => m).join(' ') : null;
  };
  const submit = (): void => {
    const problems = formProblems(form);
    const compileErrors = check.diagnostics.filter((d) => d.severity === 'error' || d.severity === undefined);
    if (compileErrors[0]) problems.query = `Line ${compileErrors[0].line}, column ${compileErrors[0].column}: ${compileErrors[0].message}`;
    setShownProblems(problems);
    if (Object.keys(problems).length === 0) save.mutate(form);
  };
  const current = rule ? (queryClient.getQueryData<DetectionRule>(['detection-rule', rule.id]) ?? rule) : undefined;
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  const seededMapping = seed?.columns && !seed.from ? describeMapping(suggestEntityMapping(seed.columns)) : undefined;
  const compileProblems = check.diagnostics.filter((d) => d.severity === 'error' || d.severity === undefined);

  return (
    <section className={styles.root} aria-labelledby="rule-title">
      <div>
        <Button appearance="subtle" size="small" icon={<ArrowLeftRegular />} onClick={() => void navigate('/custom-detection-rules')}>
          Custom detection rules
        </Button>
      </div>
      <div className={styles.header}>
        <Title2 as="h1" id="rule-title">
          {isNew ? 'Create detection rule' : current?.name}
        </Title2>
        {current && (
          <>
            <Badge appearance="outline" color={current.builtin ? 'informative' : 'brand'} shape="rounded">
              {current.builtin ? 'Built-in' : 'Custom'}
            </Badge>
            {current.alert && <SeverityBadge severity={current.alert.severity} />}
          </>
        )}
        <div className={styles.spacer} />
        {current && (
          <div className={styles.actions}>
            <ManageRule>
              {(disabled) => (
                <Switch
                  label={current.enabled ? 'Enabled' : 'Disabled'}
                  checked={current.enabled}
                  disabled={disabled || toggle.isPending}
                  onChange={(_, d) => toggle.mutate(d.checked)}
                  aria-label="Rule enabled"
                />
              )}
            </ManageRule>
            <ManageRule>
              {(disabled) => (
                <Button icon={run.isPending ? <Spinner size="tiny" /> : <PlayRegular />} disabledFocusable={disabled || run.isPending} onClick={() => run.mutate()}>
                  Run now
                </Button>
              )}
            </ManageRule>
            {current.builtin ? (
              <ManageRule>
                {(disabled) => (
                  <Button icon={<CopyRegular />} disabledFocusable={disabled} onClick={() => void navigate('/custom-detection-rules/new', { state: { query: current.query, from: current } })}>
                    Copy to a custom rule
                  </Button>
                )}
              </ManageRule>
            ) : (
              <ManageRule>
                {(disabled) => (
                  <Button icon={<DeleteRegular />} disabledFocusable={disabled} onClick={() => setConfirmDelete(true)}>
                    Delete
                  </Button>
                )}
              </ManageRule>
            )}
          </div>
        )}
      </div>
      {current && (
        <div className={styles.facts}>
          <Caption1>{frequencyLabels[current.frequency]}</Caption1>
          <Caption1>Created by {current.createdBy}</Caption1>
          <Caption1>Last run {current.lastRunDateTime ? formatTime(current.lastRunDateTime) : 'never'}</Caption1>
          <Caption1>Entities: {describeMapping(current.entityMapping)}</Caption1>
        </div>
      )}
      {/* The "run it now" hint holds until the rule has run (here, or by the scheduler). */}
      {created && save.isIdle && !lastRun && !current?.lastRunDateTime && (
        <MessageBar intent="success">
          <MessageBarBody>The rule is saved. It runs {current?.frequency === 'nrt' ? 'on each ingested batch' : frequencyLabels[current?.frequency ?? '24h'].toLowerCase()}; its first run looks back 30 days. Run it now to see its alerts.</MessageBarBody>
        </MessageBar>
      )}
      {isNew && seededMapping && (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>From your hunting query</MessageBarTitle>
            The entity mapping is filled in from the result columns: {seededMapping}. Check it below.
          </MessageBarBody>
        </MessageBar>
      )}
      {current?.builtin && (
        <MessageBar intent="info">
          <MessageBarBody>Built-in rules are written by Palisade: enable or disable them here, or copy one into a custom rule to change it.</MessageBarBody>
        </MessageBar>
      )}
      {!canManage && (
        <MessageBar intent="info">
          <MessageBarBody>You can read rules; creating, changing and running them needs the detections.manage permission.</MessageBarBody>
        </MessageBar>
      )}
      {lastRun && (
        <MessageBar intent={lastRun.status === 'ok' ? 'success' : 'error'}>
          <MessageBarBody>
            <MessageBarTitle>{lastRun.status === 'ok' ? 'Run finished' : 'Run failed'}</MessageBarTitle>
            <span>
              {lastRun.status === 'ok'
                ? `${lastRun.rows} rows, ${lastRun.alertsCreated} new ${lastRun.alertsCreated === 1 ? 'alert' : 'alerts'}, ${lastRun.alertsUpdated} updated, in ${Math.round(lastRun.durationMs)} ms.${lastRun.capped ? ' More than 100 alerts: the rest wait for the next run.' : ''}`
                : lastRun.error}
            </span>
          </MessageBarBody>
          {lastRun.status === 'ok' && lastRun.alertsCreated + lastRun.alertsUpdated > 0 && (
            <MessageBarActions>
              <Button size="small" onClick={() => void navigate('/alerts?status=new,inProgress')}>
                View alerts
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      {(run.error ?? toggle.error ?? remove.error) && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(run.error ?? toggle.error ?? remove.error)}</MessageBarBody>
        </MessageBar>
      )}

      {!isNew && (
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'details' | 'runs')} aria-label="Rule">
          <Tab value="details">Details</Tab>
          <Tab value="runs">Run history{runs.data ? ` (${runs.data.length})` : ''}</Tab>
        </TabList>
      )}

      {tab === 'runs' && !isNew ? (
        <RunHistory runs={runs.data} loading={runs.isPending} error={runs.error} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          aria-label="Rule settings"
          noValidate
        >
          <div className={styles.root}>
            <Section title="General">
              <div className={styles.grid2}>
                <Field label="Name" required validationMessage={errorOf('name')}>
                  <Input value={form.name} readOnly={readOnly} onChange={(_, d) => setName(d.value)} />
                </Field>
                <Field label="Rule id" required hint={isNew ? 'Follows the name until you change it.' : 'Fixed once created.'} validationMessage={errorOf('id')}>
                  <Input value={form.id} readOnly={readOnly || !isNew} onChange={(_, d) => setForm((f) => ({ ...f, id: d.value, idEdited: true }))} />
                </Field>
              </div>
              <Field label="Description" validationMessage={errorOf('description')}>
                <Textarea value={form.description} readOnly={readOnly} onChange={(_, d) => set('description', d.value)} resize="vertical" />
              </Field>
            </Section>

            <Section title="Query and schedule">
              <Field label="Hunting query" required validationMessage={errorOf('query')}>
                {readOnly ? (
                  <pre className={styles.query}>{form.query}</pre>
                ) : (
                  <div className={styles.editor}>
                    <KqlEditor tabId="detection-rule" value={form.query} diagnostics={check.diagnostics} schema={schema.data} onChange={(q) => set('query', q)} onRun={ignoreRun} />
                  </div>
                )}
              </Field>
              {!readOnly && compileProblems.length > 0 && (
                <div aria-live="polite" aria-label="Query problems">
                  {compileProblems.slice(0, 3).map((d, i) => (
                    <Caption1 key={i} block className={styles.problem}>
                      Line {d.line}, column {d.column}: {d.message}
                    </Caption1>
                  ))}
                </div>
              )}
              {!readOnly && check.timeColumns?.length === 0 && (
                <MessageBar intent="warning">
                  <MessageBarBody>
                    <MessageBarTitle>No time column</MessageBarTitle>
                    The query returns no datetime column, so its alerts are dated at the run and a later run cannot show newer activity: inside the suppression window it leaves them as they are. Defender requires Timestamp in a custom detection&apos;s results: keep it, for example with Timestamp = max(Timestamp) in the summarize.
                  </MessageBarBody>
                </MessageBar>
              )}
              <div className={styles.grid2}>
                <Field label="Frequency" hint={`Looks at ${lookbackLabels[form.frequency]}.${form.frequency === 'nrt' ? ' Continuous rules read one table with filters and projections only.' : ''}`} validationMessage={errorOf('frequency')}>
                  <Select value={form.frequency} disabled={readOnly} onChange={(_, d) => set('frequency', d.value as Frequency)}>
                    {frequencies.map((f) => (
                      <option key={f} value={f}>
                        {frequencyLabels[f]}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Suppression window" hint="The same rule on the same entities within this window updates one alert instead of raising another." validationMessage={errorOf('suppressionMinutes')}>
                  <Select value={String(form.suppressionMinutes)} disabled={readOnly} onChange={(_, d) => set('suppressionMinutes', Number(d.value))}>
                    {!suppressionChoices.some((c) => c.minutes === form.suppressionMinutes) && <option value={form.suppressionMinutes}>{suppressionLabel(form.suppressionMinutes)}</option>}
                    {suppressionChoices.map((c) => (
                      <option key={c.minutes} value={c.minutes}>
                        {c.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
            </Section>

            <Section title="Alert">
              <Field label="Alert title" required hint="{{Column}} takes the value from the row, e.g. Encoded PowerShell on {{DeviceName}}." validationMessage={errorOf('alert.title')}>
                <Input value={form.title} readOnly={readOnly} onChange={(_, d) => set('title', d.value)} />
              </Field>
              <div className={styles.grid2}>
                <Field label="Severity" validationMessage={errorOf('alert.severity')}>
                  <Select value={form.severity} disabled={readOnly} onChange={(_, d) => set('severity', d.value as Severity)}>
                    {severities.map((s) => (
                      <option key={s} value={s}>
                        {s[0]?.toUpperCase()}
                        {s.slice(1)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Category" validationMessage={errorOf('alert.category')}>
                  <Select value={form.category} disabled={readOnly} onChange={(_, d) => set('category', d.value)}>
                    {categories.map((c) => (
                      <option key={c} value={c}>
                        {categoryLabels[c]}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="MITRE ATT&CK techniques" hint="Ids separated by commas, e.g. T1059.001, T1105." validationMessage={errorOf('alert.techniques')}>
                  <Input value={form.techniques} readOnly={readOnly} onChange={(_, d) => set('techniques', d.value)} />
                </Field>
              </div>
              <Field label="Alert description" validationMessage={errorOf('alert.description')}>
                <Textarea value={form.alertDescription} readOnly={readOnly} onChange={(_, d) => set('alertDescription', d.value)} resize="vertical" />
              </Field>
              <Field label="Recommended actions" validationMessage={errorOf('alert.recommendedActions')}>
                <Textarea value={form.recommendedActions} readOnly={readOnly} onChange={(_, d) => set('recommendedActions', d.value)} resize="vertical" />
              </Field>
            </Section>

            <Section
              title="Entity mapping"
              action={
                !readOnly && (
                  <Button size="small" disabled={columns.length === 0} onClick={() => set('mapping', suggestEntityMapping(columns))}>
                    Suggest from the result columns
                  </Button>
                )
              }
            >
              <Caption1 className={styles.muted}>
                Which result columns name the alert&apos;s entities. Rows naming the same entities make one alert; shared entities link alerts into incidents.
                {columns.length > 0 ? ` The query returns ${columns.length} columns.` : ' The column lists fill in once the query compiles.'}
              </Caption1>
              {errorOf('entityMapping') && (
                <Text role="alert" className={styles.problem}>
                  {errorOf('entityMapping')}
                </Text>
              )}
              <div className={styles.mapping}>
                {entityGroups.map((g) => (
                  <fieldset key={g.entity} className={styles.group}>
                    <legend className={styles.legend}>{g.entity}</legend>
                    {g.parts.map((p) => {
                      const value = form.mapping[p.part] ?? '';
                      const options = value && !columns.includes(value) ? [value, ...columns] : columns;
                      return (
                        <Field key={p.part} label={p.label} size="small" validationMessage={errorOf(`entityMapping.${p.part}`) ?? (value && columns.length > 0 && !columns.includes(value) ? `The query returns no column ${value}.` : null)}>
                          <Select size="small" value={value} disabled={readOnly} onChange={(_, d) => setForm((f) => ({ ...f, mapping: { ...f.mapping, [p.part]: d.value } }))}>
                            <option value="">Not mapped</option>
                            {options.map((c) => (
                              <option key={c} value={c}>
                                {c}
                              </option>
                            ))}
                          </Select>
                        </Field>
                      );
                    })}
                  </fieldset>
                ))}
              </div>
            </Section>

            {save.error && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>
                  <MessageBarTitle>The rule was not saved</MessageBarTitle>
                  {errorMessage(save.error)}
                </MessageBarBody>
              </MessageBar>
            )}
            {Object.keys(shownProblems).length > 0 && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>Fix the fields marked above: {Object.values(shownProblems).join(' ')}</MessageBarBody>
              </MessageBar>
            )}
            {!readOnly && (
              <div className={styles.actions}>
                <Button type="submit" appearance="primary" icon={save.isPending ? <Spinner size="tiny" /> : <SaveRegular />} disabled={save.isPending}>
                  {isNew ? 'Create rule' : 'Save changes'}
                </Button>
                <Button onClick={() => void (isNew ? navigate(-1) : navigate('/custom-detection-rules'))}>Cancel</Button>
                {save.isSuccess && !isNew && <Caption1>Saved.</Caption1>}
              </div>
            )}
          </div>
        </form>
      )}
      <Dialog open={confirmDelete} onOpenChange={(_, d) => setConfirmDelete(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Delete {current?.name}?</DialogTitle>
            <DialogContent>The rule stops running. Alerts it raised stay; its run history goes.</DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
              <Button appearance="primary" disabled={remove.isPending} onClick={() => remove.mutate()}>
                Delete
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}

/** Shift+Enter runs a query in Advanced hunting; in the rule form it does nothing (saving is a deliberate click). */
function ignoreRun(): void {}

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  const headingId = `rule-section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <div className={styles.header}>
        <Subtitle2 as="h2" id={headingId} className={styles.sectionTitle}>
          {title}
        </Subtitle2>
        <div className={styles.spacer} />
        {action}
      </div>
      {children}
    </section>
  );
}

function RunHistory({ runs, loading, error }: { runs: RuleRun[] | undefined; loading: boolean; error: unknown }) {
  const styles = useStyles();
  if (loading) return <Spinner size="small" label="Loading runs" />;
  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{errorMessage(error)}</MessageBarBody>
      </MessageBar>
    );
  if (!runs || runs.length === 0) return <Text className={styles.muted}>The rule has not run yet. Scheduled rules run at their frequency; Run now runs it at once.</Text>;
  return (
    <div className={styles.root}>
      <Section title="Alerts per run">
        <RunsChart runs={runs} />
      </Section>
      <Table aria-label="Runs" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Trigger</TableHeaderCell>
            <TableHeaderCell>Duration</TableHeaderCell>
            <TableHeaderCell>Rows</TableHeaderCell>
            <TableHeaderCell>Result</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((r, i) => (
            <TableRow key={`${r.started}-${i}`}>
              <TableCell>{formatTime(r.started)}</TableCell>
              <TableCell>{r.trigger === 'nrt' ? 'Continuous' : r.trigger === 'manual' ? 'Run now' : 'Schedule'}</TableCell>
              <TableCell>{r.durationMs < 1000 ? `${Math.round(r.durationMs)} ms` : `${(r.durationMs / 1000).toFixed(1)} s`}</TableCell>
              <TableCell>{r.rows.toLocaleString('en-US')}</TableCell>
              <TableCell>
                <RunResult run={r} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
