import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, makeStyles, tokens } from '@fluentui/react-components';
import { sampleQueries } from '../sample-queries.ts';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: { justifyContent: 'flex-start', textAlign: 'left', fontWeight: tokens.fontWeightRegular, width: '100%' },
});

export interface QueryLibraryProps {
  onOpen: (name: string, query: string) => void;
}

/** Sample queries by area; choosing one opens it in a new query tab. */
export function QueryLibrary({ onOpen }: QueryLibraryProps) {
  const styles = useStyles();
  return (
    <Accordion multiple collapsible defaultOpenItems={['Endpoint']} aria-label="Sample queries">
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
