import { Link as RouterLink } from 'react-router';
import { makeStyles, tokens } from '@fluentui/react-components';
import { navigation } from '../../../app/navigation.tsx';
import { sampleQueries } from '../../hunting/sample-queries.ts';
import type { SampleQuery } from '../../hunting/sample-queries.ts';
import { CardFrame } from './CardFrame.tsx';
import type { CardControls } from './CardFrame.tsx';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** The prepared queries the card offers, by name from the hunting page's sample queries. */
export const shortcutNames = ['Devices by OS platform', 'Encoded PowerShell commands', 'Failed logons per device', 'Phishing delivered to inboxes'] as const;

export function huntingShortcuts(): SampleQuery[] {
  const all = sampleQueries.flatMap((a) => a.queries);
  return shortcutNames.flatMap((name) => all.filter((q) => q.name === name));
}

/** A link that opens a query in its own tab of Advanced hunting (the page reads ?title= and ?query=). */
export function huntingLink(path: string, q: SampleQuery): string {
  return `${path}?${new URLSearchParams({ title: q.name, query: q.query }).toString()}`;
}

/** Prepared hunting queries, one click from Home. */
export function HuntingShortcutsCard({ controls }: { controls: CardControls }) {
  const styles = useStyles();
  const hunting = navigation.find((n) => n.id === 'advanced-hunting');
  return (
    <CardFrame id="hunting-shortcuts" title="Hunting shortcuts" controls={controls}>
      {hunting && (
        <>
          <ul className={styles.list} aria-label="Prepared hunting queries">
            {huntingShortcuts().map((q) => (
              <li key={q.name}>
                <RouterLink to={huntingLink(hunting.path, q)}>{q.name}</RouterLink>
              </li>
            ))}
          </ul>
          <RouterLink to={hunting.path}>Open advanced hunting</RouterLink>
        </>
      )}
    </CardFrame>
  );
}
