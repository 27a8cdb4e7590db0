import { useDeferredValue, useState } from 'react';
import type { ReactElement } from 'react';
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
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  Title2,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { AddRegular, ArrowUploadRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { ability } from '../../api/permissions.ts';
import { useSession } from '../auth/session.tsx';
import { formatTime, SeverityBadge } from '../incidents/components/SeverityBadge.tsx';
import { FormDialog } from '../permissions/components/common.tsx';
import { createIndicator, deleteIndicator, importIndicators, indicatorActions, indicatorKeys, indicatorSeverities, indicatorTypes, listIndicators, updateIndicator } from './api.ts';
import type { ImportResult, Indicator, IndicatorAction, IndicatorFilter, IndicatorType } from './api.ts';
import { actionLabels, canSubmit, csvTemplate, emptyForm, formFromIndicator, formToInput, importFormatOf, typeLabels, valueProblem } from './indicator-form.ts';
import type { IndicatorForm } from './indicator-form.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  spacer: { flex: 1 },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  filter: { minWidth: '150px' },
  value: { display: 'flex', flexDirection: 'column', gap: '2px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  valueText: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  wide: { width: '26%' },
  narrow: { width: '84px' },
  type: { width: '100px' },
  action: { width: '130px' },
  severity: { width: '110px' },
  wrap: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  row2: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, maxHeight: '180px', overflowY: 'auto' },
});

/** A control that changes indicators: enabled with settings.detection, otherwise disabled with a tooltip naming it. */
function ManageIndicators({ children }: { children: (disabled: boolean) => ReactElement }) {
  const { permissions } = useSession();
  const a = ability(permissions, 'settings.detection');
  if (a.granted) return children(false);
  return (
    <Tooltip content={`Needs the ${a.permission} permission`} relationship="description">
      {children(true)}
    </Tooltip>
  );
}

const statusLabels = { all: 'All', active: 'Active', expired: 'Expired' } as const;
type StatusFilter = keyof typeof statusLabels;

function IndicatorDialog({ editing, open, onClose }: { editing: Indicator | null; open: boolean; onClose: () => void }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<IndicatorForm>(() => (editing ? formFromIndicator(editing) : emptyForm()));
  const set = <K extends keyof IndicatorForm>(k: K, v: IndicatorForm[K]): void => setForm((f) => ({ ...f, [k]: v }));
  const save = useMutation({
    mutationFn: () => (editing ? updateIndicator(editing.id, formToInput(form)) : createIndicator(formToInput(form))),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: indicatorKeys.all });
      onClose();
    },
  });
  const problem = valueProblem(form.indicatorType, form.indicatorValue);
  return (
    <FormDialog
      open={open}
      wide
      title={editing ? 'Edit indicator' : 'Add indicator'}
      submitLabel={editing ? 'Save' : 'Add indicator'}
      busy={save.isPending}
      error={save.error}
      canSubmit={canSubmit(form)}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <div className={styles.row2}>
        <Field label="Type" required>
          <Dropdown value={typeLabels[form.indicatorType]} selectedOptions={[form.indicatorType]} onOptionSelect={(_, d) => set('indicatorType', (d.optionValue ?? form.indicatorType) as IndicatorType)}>
            {indicatorTypes.map((t) => (
              <Option key={t} value={t}>
                {typeLabels[t]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Action" required hint={form.action === 'AlertAndBlock' ? 'The block is recorded intent: Palisade has no sensor to enforce it.' : form.action === 'Allowed' ? 'Indicator detections stay quiet about this value, even when a feed lists it.' : null}>
          <Dropdown value={actionLabels[form.action]} selectedOptions={[form.action]} onOptionSelect={(_, d) => set('action', (d.optionValue ?? form.action) as IndicatorAction)}>
            {indicatorActions.map((a) => (
              <Option key={a} value={a}>
                {actionLabels[a]}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <Field label="Value" required validationState={problem ? 'warning' : 'none'} validationMessage={problem ?? null}>
        <Input value={form.indicatorValue} onChange={(_, d) => set('indicatorValue', d.value)} placeholder={form.indicatorType === 'DomainName' ? 'evil.example.com' : form.indicatorType === 'Url' ? 'https://evil.example.com/path' : form.indicatorType === 'IpAddress' ? '203.0.113.7' : 'hash'} />
      </Field>
      <Field label="Title" required>
        <Input value={form.title} onChange={(_, d) => set('title', d.value)} />
      </Field>
      <Field label="Description">
        <Textarea value={form.description} onChange={(_, d) => set('description', d.value)} />
      </Field>
      <div className={styles.row2}>
        <Field label="Severity">
          <Dropdown value={form.severity} selectedOptions={[form.severity]} onOptionSelect={(_, d) => set('severity', (d.optionValue ?? form.severity) as IndicatorForm['severity'])}>
            {indicatorSeverities.map((s) => (
              <Option key={s} value={s}>
                {s}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Expires" hint="Empty: never">
          <Input type="date" value={form.expires} onChange={(_, d) => set('expires', d.value)} />
        </Field>
      </div>
      <Field label="MITRE ATT&CK techniques" hint="Comma-separated ids, e.g. T1566.002, T1071.001">
        <Input value={form.techniques} onChange={(_, d) => set('techniques', d.value)} />
      </Field>
    </FormDialog>
  );
}

function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [fileName, setFileName] = useState('');
  const [content, setContent] = useState('');
  const [source, setSource] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = useMutation({
    mutationFn: () => importIndicators(importFormatOf(fileName, content), content, source.trim() || undefined),
    onSuccess: async (r) => {
      setResult(r);
      await queryClient.invalidateQueries({ queryKey: indicatorKeys.all });
    },
  });
  const format = content.trim() === '' ? null : importFormatOf(fileName, content);
  return (
    <FormDialog open={open} wide title="Import indicators" submitLabel="Import" busy={run.isPending} error={run.error} canSubmit={content.trim() !== ''} onSubmit={() => run.mutate()} onClose={onClose}>
      <Text>
        A CSV in Defender&apos;s template (<span className={styles.mono}>{csvTemplate.split(',').slice(0, 6).join(',')},...</span>) or a STIX 2.1 bundle whose indicators compare domain names, IP addresses, URLs or file hashes.
      </Text>
      <Field label="File">
        <input
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-label="Indicator file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            setFileName(f.name);
            setResult(null);
            void f.text().then(setContent);
          }}
        />
      </Field>
      <Field label="Or paste the content" hint={format ? `Read as ${format === 'csv' ? 'CSV' : 'a STIX bundle'}` : null}>
        <Textarea
          value={content}
          resize="vertical"
          rows={6}
          className={styles.mono}
          onChange={(_, d) => {
            setContent(d.value);
            setResult(null);
          }}
        />
      </Field>
      <Field label="Source" hint="Names the feed on each indicator; default: the file's own (STIX) or CSV import">
        <Input value={source} onChange={(_, d) => setSource(d.value)} />
      </Field>
      {result && (
        <MessageBar intent={result.errors.length > 0 ? 'warning' : 'success'} role="status">
          <MessageBarBody>
            <Text weight="semibold">
              {result.created} created, {result.updated} updated{result.errors.length > 0 ? `, ${result.errors.length} not imported` : ''}
              {result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}
            </Text>
            {(result.errors.length > 0 || result.skipped.length > 0) && (
              <ul className={styles.list}>
                {result.errors.map((e, i) => (
                  <li key={`e${i}`}>
                    {e.at}: {e.message}
                  </li>
                ))}
                {result.skipped.map((s, i) => (
                  <li key={`s${i}`}>
                    {s.at}: {s.reason}
                  </li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
    </FormDialog>
  );
}

function DeleteDialog({ target, onClose }: { target: Indicator | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => deleteIndicator(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: indicatorKeys.all });
      onClose();
    },
  });
  return (
    <Dialog open={target !== null} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete indicator</DialogTitle>
          <DialogContent>
            {remove.error ? (
              <MessageBar intent="error">
                <MessageBarBody>{errorMessage(remove.error)}</MessageBarBody>
              </MessageBar>
            ) : null}
            <Text>
              Delete the indicator for <b>{target?.indicatorValue}</b>? Detections stop matching it; alerts it raised stay.
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={remove.isPending} onClick={() => target && remove.mutate(target.id)}>
              Delete
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Settings > Indicators: threat indicators (custom IoCs) that detections match telemetry against. */
export function IndicatorsPage() {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const [type, setType] = useState<IndicatorType | 'all'>('all');
  const [action, setAction] = useState<IndicatorAction | 'all'>('all');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'edit'; indicator: Indicator } | { kind: 'import' } | null>(null);
  const [dialogKey, setDialogKey] = useState(0);
  const [deleting, setDeleting] = useState<Indicator | null>(null);
  const filter: IndicatorFilter = { type: type === 'all' ? undefined : type, action: action === 'all' ? undefined : action, status, search: deferredSearch || undefined };
  const list = useQuery({ queryKey: indicatorKeys.list(filter), queryFn: ({ signal }) => listIndicators(filter, signal), placeholderData: (prev) => prev });
  const open = (d: NonNullable<typeof dialog>): void => {
    setDialogKey((k) => k + 1);
    setDialog(d);
  };

  return (
    <section className={styles.root} aria-labelledby="indicators-title">
      <div className={styles.titleRow}>
        <Title2 as="h1" id="indicators-title">
          Indicators
        </Title2>
        <div className={styles.spacer} />
        <ManageIndicators>
          {(disabled) => (
            <Button icon={<ArrowUploadRegular />} disabledFocusable={disabled} onClick={() => open({ kind: 'import' })}>
              Import
            </Button>
          )}
        </ManageIndicators>
        <ManageIndicators>
          {(disabled) => (
            <Button appearance="primary" icon={<AddRegular />} disabledFocusable={disabled} onClick={() => open({ kind: 'add' })}>
              Add indicator
            </Button>
          )}
        </ManageIndicators>
      </div>
      <Caption1 className={styles.muted}>
        File hashes, IP addresses, URLs and domains known to be bad (or allowed). Detections raise an alert when mail, clicks, connections, files or processes match an active indicator.
      </Caption1>
      <div className={styles.bar} role="search" aria-label="Indicator filters">
        <SearchBox placeholder="Search value, title or source" aria-label="Search indicators" value={search} onChange={(_, d) => setSearch(d.value)} />
        <Field label="Type">
          <Dropdown className={styles.filter} value={type === 'all' ? 'All types' : typeLabels[type]} selectedOptions={[type]} onOptionSelect={(_, d) => setType((d.optionValue ?? 'all') as IndicatorType | 'all')}>
            <Option value="all">All types</Option>
            {indicatorTypes.map((t) => (
              <Option key={t} value={t}>
                {typeLabels[t]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Action">
          <Dropdown className={styles.filter} value={action === 'all' ? 'All actions' : actionLabels[action]} selectedOptions={[action]} onOptionSelect={(_, d) => setAction((d.optionValue ?? 'all') as IndicatorAction | 'all')}>
            <Option value="all">All actions</Option>
            {indicatorActions.map((a) => (
              <Option key={a} value={a}>
                {actionLabels[a]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Status">
          <Dropdown className={styles.filter} value={statusLabels[status]} selectedOptions={[status]} onOptionSelect={(_, d) => setStatus((d.optionValue ?? 'all') as StatusFilter)}>
            {(Object.keys(statusLabels) as StatusFilter[]).map((s) => (
              <Option key={s} value={s}>
                {statusLabels[s]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <div className={styles.spacer} />
        <Text role="status">{list.data ? `${list.data.length} indicator${list.data.length === 1 ? '' : 's'}` : ''}</Text>
      </div>
      {list.isPending && <Spinner size="small" label="Loading indicators" />}
      {list.error && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(list.error)}</MessageBarBody>
        </MessageBar>
      )}
      {list.data && list.data.length > 0 && (
        <Table aria-label="Indicators" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.wide}>Indicator</TableHeaderCell>
              <TableHeaderCell className={styles.type}>Type</TableHeaderCell>
              <TableHeaderCell className={styles.action}>Action</TableHeaderCell>
              <TableHeaderCell className={styles.severity}>Severity</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
              <TableHeaderCell>Last updated</TableHeaderCell>
              <TableHeaderCell className={styles.narrow} aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.map((i) => (
              <TableRow key={i.id}>
                <TableCell>
                  <div className={styles.value}>
                    <span className={styles.valueText}>{i.indicatorValue}</span>
                    <Caption1 className={styles.muted}>{i.title}</Caption1>
                  </div>
                </TableCell>
                <TableCell>{typeLabels[i.indicatorType]}</TableCell>
                <TableCell>
                  <Badge appearance="outline" shape="rounded" color={i.action === 'Allowed' ? 'success' : i.action === 'AlertAndBlock' ? 'danger' : 'warning'}>
                    {actionLabels[i.action]}
                  </Badge>
                </TableCell>
                <TableCell>
                  <SeverityBadge severity={i.severity.toLowerCase()} />
                </TableCell>
                <TableCell>
                  {i.status === 'expired' ? (
                    <Badge appearance="tint" color="subtle" shape="rounded">
                      Expired
                    </Badge>
                  ) : i.expirationTime ? (
                    formatTime(i.expirationTime)
                  ) : (
                    <span className={styles.muted}>Never</span>
                  )}
                </TableCell>
                <TableCell className={styles.wrap}>{i.source}</TableCell>
                <TableCell>
                  {formatTime(i.lastUpdateTime)}
                  <Caption1 className={styles.muted} block>
                    {i.lastUpdatedBy}
                  </Caption1>
                </TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <ManageIndicators>
                      {(disabled) => <Button size="small" appearance="subtle" icon={<EditRegular />} aria-label={`Edit ${i.indicatorValue}`} disabledFocusable={disabled} onClick={() => open({ kind: 'edit', indicator: i })} />}
                    </ManageIndicators>
                    <ManageIndicators>
                      {(disabled) => <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={`Delete ${i.indicatorValue}`} disabledFocusable={disabled} onClick={() => setDeleting(i)} />}
                    </ManageIndicators>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {list.data && list.data.length === 0 && <Text className={styles.muted}>No indicators match.</Text>}
      {dialog?.kind === 'import' && <ImportDialog key={dialogKey} open onClose={() => setDialog(null)} />}
      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && <IndicatorDialog key={dialogKey} open editing={dialog.kind === 'edit' ? dialog.indicator : null} onClose={() => setDialog(null)} />}
      <DeleteDialog target={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}
