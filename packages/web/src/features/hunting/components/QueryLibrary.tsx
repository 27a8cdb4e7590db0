import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import type { HistoryEntry, SavedQuery } from '../api.ts';
import { sampleQueries } from '../sample-queries.ts';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: { justifyContent: 'flex-start', textAlign: 'left', fontWeight: tokens.fontWeightRegular, width: '100%', minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' },
  row: { display: 'flex', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalS },
});

export interface QueryLibraryProps {
  onOpen: (name: string, query: string) => void;
  saved: readonly SavedQuery[] | undefined;
  history: readonly HistoryEntry[] | undefined;
  onDelete: (q: SavedQuery) => void;
}

function groups(saved: readonly SavedQuery[]): [string, SavedQuery[]][] {
  const m = new Map<string, SavedQuery[]>();
  for (const q of saved) {
    const key = `${q.shared ? 'Shared queries' : 'My queries'}${q.folder ? ` / ${q.folder}` : ''}`;
    m.set(key, [...(m.get(key) ?? []), q]);
  }
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Sample queries by area; choosing one opens it in a new query tab. */
export function QueryLibrary({ onOpen, saved, history, onDelete }: QueryLibraryProps) {
  const styles = useStyles();
  return (
    <Accordion multiple collapsible defaultOpenItems={['saved', 'Endpoint']} aria-label="Queries">
      <AccordionItem value="saved">
        <AccordionHeader size="small">Saved queries ({saved?.length ?? 0})</AccordionHeader>
        <AccordionPanel>
          {saved && saved.length === 0 && <Caption1 className={styles.muted}>None yet: use Save on a query.</Caption1>}
          {groups(saved ?? []).map(([group, qs]) => (
            <section key={group} aria-label={group}>
              <Caption1 className={styles.muted}>{group}</Caption1>
              <ul className={styles.list}>
                {qs.map((q) => (
                  <li key={q.id} className={styles.row}>
                    <Button appearance="subtle" size="small" className={styles.item} title={q.query} onClick={() => onOpen(q.name, q.query)}>
                      {q.name}
                    </Button>
                    {q.mine && <Button appearance="subtle" size="small" icon={<DeleteRegular />} aria-label={`Delete ${q.name}`} onClick={() => onDelete(q)} />}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="history">
        <AccordionHeader size="small">History ({history?.length ?? 0})</AccordionHeader>
        <AccordionPanel>
          <ul className={styles.list} aria-label="Query history">
            {(history ?? []).slice(0, 30).map((h, i) => (
              <li key={i}>
                <Button appearance="subtle" size="small" className={styles.item} title={h.query} onClick={() => onOpen('From history', h.query)}>
                  {h.query.replace(/\s+/g, ' ').slice(0, 60)}
                </Button>
              </li>
            ))}
          </ul>
        </AccordionPanel>
      </AccordionItem>
      {sampleQueries.map((a) => (
        <AccordionItem key={a.area} value={a.area}>
          <AccordionHeader size="small">
            {a.area} ({a.queries.length})
          </AccordionHeader>
          <AccordionPanel>
            <ul className={styles.list}>
              {a.queries.map((s) => (
                <li key={s.name}>
                  <Button appearance="subtle" size="small" className={styles.item} title={s.query} onClick={() => onOpen(s.name, s.query)}>
                    {s.name}
                  </Button>
                </li>
              ))}
            </ul>
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
