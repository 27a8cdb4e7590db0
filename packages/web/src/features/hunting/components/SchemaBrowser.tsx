import { useMemo, useState } from 'react';
import { Button, Caption1, makeStyles, SearchBox, Spinner, Tooltip, tokens, Tree, TreeItem, TreeItemLayout } from '@fluentui/react-components';
import { TableRegular, TextAddRegular } from '@fluentui/react-icons';
import type { SchemaTable } from '../api.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, height: '100%' },
  tree: { overflowY: 'auto', minHeight: 0, flex: 1 },
  type: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export interface SchemaBrowserProps {
  tables: readonly SchemaTable[] | undefined;
  error: string | undefined;
  onInsert: (text: string) => void;
}

/** Tables and their columns with types and descriptions; choosing one inserts its name in the query. */
export function SchemaBrowser({ tables, error, onInsert }: SchemaBrowserProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const s = search.trim().toLowerCase();
    if (!tables) return [];
    if (!s) return tables;
    return tables.filter((t) => t.name.toLowerCase().includes(s) || t.columns.some((c) => c.name.toLowerCase().includes(s)));
  }, [tables, search]);

  if (error) return <p className={styles.error}>The schema could not be loaded: {error}</p>;
  if (!tables) return <Spinner size="tiny" label="Loading schema" />;
  return (
    <div className={styles.root}>
      <SearchBox aria-label="Search tables and columns" placeholder="Search schema" value={search} onChange={(_, d) => setSearch(d.value)} />
      <Caption1>{shown.length} tables</Caption1>
      <Tree aria-label="Schema" className={styles.tree} size="small">
        {shown.map((t) => (
          <TreeItem key={t.name} itemType="branch" value={t.name}>
            <Tooltip content={t.description} relationship="description" positioning="after">
              <TreeItemLayout
                iconBefore={<TableRegular />}
                actions={<Button appearance="subtle" size="small" icon={<TextAddRegular />} aria-label={`Insert ${t.name}`} onClick={() => onInsert(t.name)} />}
              >
                {t.name}
              </TreeItemLayout>
            </Tooltip>
            <Tree>
              {t.columns.map((c) => (
                <TreeItem key={c.name} itemType="leaf" value={`${t.name}.${c.name}`} onClick={() => onInsert(c.name)}>
                  <Tooltip content={c.description || c.name} relationship="description" positioning="after">
                    <TreeItemLayout aside={<span className={styles.type}>{c.type}</span>}>{c.name}</TreeItemLayout>
                  </Tooltip>
                </TreeItem>
              ))}
            </Tree>
          </TreeItem>
        ))}
      </Tree>
    </div>
  );
}
