import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, makeStyles, OverlayDrawer, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ResultColumn, ResultRow } from '../api.ts';
import { cellText } from '../csv.ts';
import { isJsonLike, prettyJson } from '../grid-model.ts';

const useStyles = makeStyles({
  list: { display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-word' },
  type: { display: 'block', color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular, fontSize: tokens.fontSizeBase100 },
  value: { margin: 0, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all', whiteSpace: 'pre-wrap' },
});

export interface RowInspectorProps {
  columns: readonly ResultColumn[];
  row: ResultRow | undefined;
  index: number;
  onClose: () => void;
}

/** The inspect record panel: every column of one result row, JSON pretty-printed. */
export function RowInspector({ columns, row, index, onClose }: RowInspectorProps) {
  const styles = useStyles();
  return (
    <OverlayDrawer position="end" size="medium" open={row !== undefined} onOpenChange={(_, d) => !d.open && onClose()}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}>Inspect record {index + 1}</DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {row && (
          <dl className={styles.list}>
            {columns.map((c) => {
              const v = row[c.name];
              return (
                <div key={c.name} style={{ display: 'contents' }}>
                  <dt className={styles.term}>
                    {c.name}
                    <span className={styles.type}>{c.type}</span>
                  </dt>
                  <dd className={styles.value}>{isJsonLike(v) ? prettyJson(v) : cellText(v) || '—'}</dd>
                </div>
              );
            })}
          </dl>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
