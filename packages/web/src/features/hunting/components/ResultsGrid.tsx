import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Input, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular, ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import type { ResultColumn, ResultRow } from '../api.ts';
import { cellText } from '../csv.ts';
import { displayText, initialWidths, isJsonLike, prettyJson } from '../grid-model.ts';
import type { ColumnFilters, SortState } from '../grid-model.ts';

const ROW_HEIGHT = 30;

const useStyles = makeStyles({
  scroller: { height: '100%', overflow: 'auto', position: 'relative', outlineStyle: 'none', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  header: { position: 'sticky', top: 0, zIndex: 2, display: 'flex', backgroundColor: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke1}` },
  headerCell: { position: 'relative', display: 'flex', flexDirection: 'column', gap: '2px', padding: '4px 6px', borderRight: `1px solid ${tokens.colorNeutralStroke2}`, minWidth: 0, boxSizing: 'border-box', flexShrink: 0 },
  spacer: { flexShrink: 0 },
  sortButton: { justifyContent: 'flex-start', minWidth: 0, paddingInline: '2px', fontWeight: tokens.fontWeightSemibold, overflow: 'hidden', whiteSpace: 'nowrap' },
  type: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100, fontWeight: tokens.fontWeightRegular, marginLeft: '4px' },
  resizer: {
    position: 'absolute',
    top: 0,
    right: '-4px',
    width: '8px',
    height: '100%',
    cursor: 'col-resize',
    zIndex: 3,
    ':hover': { backgroundColor: tokens.colorBrandStroke2 },
    ':focus-visible': { backgroundColor: tokens.colorBrandStroke1, outlineStyle: 'none' },
  },
  body: { position: 'relative' },
  row: {
    position: 'absolute',
    left: 0,
    display: 'flex',
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  odd: { backgroundColor: tokens.colorNeutralBackground2 },
  active: { backgroundColor: tokens.colorBrandBackground2, ':hover': { backgroundColor: tokens.colorBrandBackground2Hover } },
  fixed: { height: `${ROW_HEIGHT}px` },
  cell: { padding: '5px 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: tokens.fontSizeBase200, fontFamily: tokens.fontFamilyMonospace, minWidth: 0, boxSizing: 'border-box', flexShrink: 0 },
  expanded: { whiteSpace: 'normal' },
  json: { margin: '4px 0 0', whiteSpace: 'pre', fontSize: tokens.fontSizeBase100, backgroundColor: tokens.colorNeutralBackground3, padding: '4px', borderRadius: tokens.borderRadiusSmall, overflowX: 'auto' },
  expand: { minWidth: 0, height: '20px', padding: 0, marginRight: '2px', verticalAlign: 'middle' },
  empty: { padding: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3 },
});

export interface ResultsGridProps {
  columns: readonly ResultColumn[];
  /** Rows after filter and sort (see grid-model viewRows). */
  rows: readonly ResultRow[];
  totalRows: number;
  sort: SortState | undefined;
  filters: ColumnFilters;
  onSortChange: (sort: SortState | undefined) => void;
  onFilterChange: (column: string, text: string) => void;
  onInspect: (row: ResultRow, index: number) => void;
  /** Accessible name of the grid (default "Query results"). */
  label?: string;
}

/**
 * A virtualised results grid. Only what is on screen costs anything: the rows in view (plus a few), and of
 * those only the columns in view (plus a few), each cell formatted as it is drawn. Rows have a fixed height and
 * are not measured; a row with an expanded JSON cell is measured while it is open.
 */
export const ResultsGrid = memo(function ResultsGrid({ columns, rows, totalRows, sort, filters, onSortChange, onFilterChange, onInspect, label = 'Query results' }: ResultsGridProps) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  // Widths from the first rows' text when a new result comes (at render: no second pass), then the person's resizes.
  const [resized, setResized] = useState<{ columns: readonly ResultColumn[]; widths: Record<string, number> }>({ columns, widths: {} });
  const [active, setActive] = useState(0);
  const [expanded, setExpanded] = useState<{ columns: readonly ResultColumn[]; keys: ReadonlySet<string> }>({ columns, keys: new Set() });
  const gridId = useMemo(() => `grid-${Math.random().toString(36).slice(2)}`, []);
  const [resultColumns, setResultColumns] = useState(columns);
  if (resultColumns !== columns) {
    // A new result: first row active, nothing expanded, widths from its content.
    setResultColumns(columns);
    setActive(0);
  }
  const initial = useMemo(
    // The grid's own width once it is drawn; before that, the window's less the navigation.
    () => initialWidths(columns, rows, scroller.current?.clientWidth ?? Math.max(480, window.innerWidth - 320)),
    // Widths follow a new result's columns, not each filter or sort of the same result (rows is left out).
    [columns],
  );
  const widths = resized.columns === columns ? { ...initial, ...resized.widths } : initial;
  const open = expanded.columns === columns ? expanded.keys : emptySet;
  const widthOf = (c: ResultColumn): number => widths[c.name] ?? 120;
  const totalWidth = columns.reduce((s, c) => s + widthOf(c), 0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Until the grid is measured, assume the window: the first pass draws about what will be seen.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });
  const columnWindow = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => widthOf(columns[i] ?? { name: '', type: '' }),
    overscan: 3,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });
  const widthKey = columns.map((c) => widthOf(c)).join(',');
  useEffect(() => {
    columnWindow.measure();
  }, [widthKey, columnWindow]);

  const moveTo = (i: number): void => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => moveTo(active - 1),
      PageDown: () => moveTo(active + page),
      PageUp: () => moveTo(active - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => {
        const r = rows[active];
        if (r) onInspect(r, active);
      },
    };
    const k = keys[e.key];
    if (k) {
      e.preventDefault();
      k();
    }
  };

  const setWidth = (column: string, width: (current: number) => number): void =>
    setResized((r) => {
      const mine = r.columns === columns ? r.widths : {};
      return { columns, widths: { ...mine, [column]: Math.max(48, width(mine[column] ?? initial[column] ?? 120)) } };
    });

  const startResize = (column: string, e: ReactPointerEvent<HTMLDivElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = widths[column] ?? 120;
    const move = (ev: PointerEvent): void => setWidth(column, () => startW + ev.clientX - startX);
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const resizeByKey = (column: string, e: ReactKeyboardEvent<HTMLDivElement>): void => {
    const delta = e.key === 'ArrowRight' ? 16 : e.key === 'ArrowLeft' ? -16 : 0;
    if (delta === 0) return;
    e.preventDefault();
    setWidth(column, (w) => w + delta);
  };

  const toggleSort = (column: string): void => {
    if (sort?.column !== column) onSortChange({ column, direction: 'ascending' });
    else if (sort.direction === 'ascending') onSortChange({ column, direction: 'descending' });
    else onSortChange(undefined);
  };

  const toggleExpanded = (index: number, column: string): void => {
    const key = `${index}:${column}`;
    const n = new Set(open);
    if (n.has(key)) n.delete(key);
    else n.add(key);
    setExpanded({ columns, keys: n });
    // A row that closes its last JSON cell is back to the fixed height (it was measured while open).
    if (![...n].some((k) => k.startsWith(`${index}:`))) virtualizer.resizeItem(index, ROW_HEIGHT);
  };

  const items = virtualizer.getVirtualItems();
  const shownColumns = columnWindow.getVirtualItems();
  const leading = shownColumns[0]?.start ?? 0;
  const trailing = totalWidth - (shownColumns[shownColumns.length - 1]?.end ?? 0);
  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={rows.length > 0 ? `${gridId}-r${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className={styles.header} style={{ width: totalWidth }}>
        <div role="row" aria-rowindex={1} style={{ display: 'contents' }}>
          <div className={styles.spacer} style={{ width: leading }} aria-hidden />
          {shownColumns.map((vc) => {
            const ci = vc.index;
            const c = columns[ci];
            if (!c) return null;
            const sorted = sort?.column === c.name ? sort.direction : undefined;
            return (
              <div key={c.name} role="columnheader" aria-colindex={ci + 1} aria-sort={sorted ?? 'none'} className={styles.headerCell} style={{ width: widthOf(c) }}>
                <Button
                  appearance="subtle"
                  size="small"
                  className={styles.sortButton}
                  aria-label={`Sort by ${c.name} ${c.type}`}
                  icon={sorted === 'ascending' ? <ArrowSortUpRegular /> : sorted === 'descending' ? <ArrowSortDownRegular /> : null}
                  iconPosition="after"
                  onClick={() => toggleSort(c.name)}
                  title={`${c.name} (${c.type})`}
                >
                  {c.name}{' '}
                  <span className={styles.type}>{c.type}</span>
                </Button>
                <Input size="small" aria-label={`Filter ${c.name}`} placeholder="Filter" value={filters[c.name] ?? ''} onChange={(_, d) => onFilterChange(c.name, d.value)} />
                <div
                  role="separator"
                  aria-orientation="vertical"
                  aria-label={`Resize ${c.name}`}
                  aria-valuenow={widthOf(c)}
                  aria-valuemin={48}
                  aria-valuemax={2000}
                  tabIndex={0}
                  className={styles.resizer}
                  onPointerDown={(e) => startResize(c.name, e)}
                  onKeyDown={(e) => resizeByKey(c.name, e)}
                />
              </div>
            );
          })}
          <div className={styles.spacer} style={{ width: trailing }} aria-hidden />
        </div>
      </div>
      {rows.length === 0 ? (
        <div className={styles.empty} role="row">
          <div role="gridcell">{totalRows === 0 ? 'The query returned no rows.' : 'No rows match the column filters.'}</div>
        </div>
      ) : (
        <div role="rowgroup" className={styles.body} style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const rowOpen = open.size > 0 && columns.some((c) => open.has(`${item.index}:${c.name}`));
            return (
              <div
                key={item.key}
                id={`${gridId}-r${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                data-index={item.index}
                ref={rowOpen ? virtualizer.measureElement : undefined}
                className={mergeClasses(styles.row, !rowOpen && styles.fixed, item.index % 2 === 1 && styles.odd, item.index === active && styles.active)}
                style={{ transform: `translateY(${item.start}px)`, width: totalWidth }}
                onClick={() => {
                  setActive(item.index);
                  onInspect(row, item.index);
                }}
              >
                <div className={styles.spacer} style={{ width: leading }} aria-hidden />
                {shownColumns.map((vc) => {
                  const ci = vc.index;
                  const c = columns[ci];
                  if (!c) return null;
                  const v = row[c.name];
                  const json = isJsonLike(v);
                  const isOpen = json && open.has(`${item.index}:${c.name}`);
                  return (
                    <div key={c.name} role="gridcell" aria-colindex={ci + 1} className={mergeClasses(styles.cell, isOpen && styles.expanded)} style={{ width: widthOf(c) }} title={isOpen ? undefined : cellText(v).slice(0, 500)}>
                      {json && (
                        <Button
                          appearance="transparent"
                          size="small"
                          className={styles.expand}
                          icon={isOpen ? <ChevronDownRegular /> : <ChevronRightRegular />}
                          aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${c.name} of row ${item.index + 1}`}
                          aria-expanded={isOpen}
                          onClick={(e) => {
                            e.stopPropagation();
                            toggleExpanded(item.index, c.name);
                          }}
                        />
                      )}
                      {isOpen ? <pre className={styles.json}>{prettyJson(v)}</pre> : displayText(c, v)}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
});

const emptySet: ReadonlySet<string> = new Set();
