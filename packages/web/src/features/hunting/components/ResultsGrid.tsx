import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Input, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular, ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import type { ResultColumn, ResultRow } from '../api.ts';
import { cellText } from '../csv.ts';
import { initialWidth, isJsonLike, prettyJson } from '../grid-model.ts';
import type { ColumnFilters, SortState } from '../grid-model.ts';

const ROW_HEIGHT = 30;

const useStyles = makeStyles({
  scroller: { height: '100%', overflow: 'auto', position: 'relative', outlineStyle: 'none', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  header: { position: 'sticky', top: 0, zIndex: 2, display: 'grid', backgroundColor: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke1}` },
  headerCell: { position: 'relative', display: 'flex', flexDirection: 'column', gap: '2px', padding: '4px 6px', borderRight: `1px solid ${tokens.colorNeutralStroke2}`, minWidth: 0 },
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
    display: 'grid',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  odd: { backgroundColor: tokens.colorNeutralBackground2 },
  active: { backgroundColor: tokens.colorBrandBackground2, ':hover': { backgroundColor: tokens.colorBrandBackground2Hover } },
  cell: { padding: '5px 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: tokens.fontSizeBase200, fontFamily: tokens.fontFamilyMonospace, minWidth: 0 },
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

/** A virtualised results grid: only the visible rows are in the DOM, so 100,000 rows scroll smoothly. */
export function ResultsGrid({ columns, rows, totalRows, sort, filters, onSortChange, onFilterChange, onInspect, label = 'Query results' }: ResultsGridProps) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [active, setActive] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const gridId = useMemo(() => `grid-${Math.random().toString(36).slice(2)}`, []);

  useEffect(() => {
    // New result: fresh widths from the content, first row active, nothing expanded.
    const w: Record<string, number> = {};
    for (const c of columns) w[c.name] = initialWidth(c, rows);
    setWidths(w);
    setActive(0);
    setExpanded(new Set());
  }, [columns]);

  const template = columns.map((c) => `${widths[c.name] ?? 120}px`).join(' ');
  const totalWidth = columns.reduce((s, c) => s + (widths[c.name] ?? 120), 0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

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

  const startResize = (column: string, e: ReactPointerEvent<HTMLDivElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = widths[column] ?? 120;
    const move = (ev: PointerEvent): void => setWidths((w) => ({ ...w, [column]: Math.max(48, startW + ev.clientX - startX) }));
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
    setWidths((w) => ({ ...w, [column]: Math.max(48, (w[column] ?? 120) + delta) }));
  };

  const toggleSort = (column: string): void => {
    if (sort?.column !== column) onSortChange({ column, direction: 'ascending' });
    else if (sort.direction === 'ascending') onSortChange({ column, direction: 'descending' });
    else onSortChange(undefined);
  };

  const toggleExpanded = (key: string): void =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });

  const items = virtualizer.getVirtualItems();
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
      <div role="rowgroup" className={styles.header} style={{ gridTemplateColumns: template, width: totalWidth }}>
        <div role="row" aria-rowindex={1} style={{ display: 'contents' }}>
          {columns.map((c, ci) => {
            const sorted = sort?.column === c.name ? sort.direction : undefined;
            return (
              <div key={c.name} role="columnheader" aria-colindex={ci + 1} aria-sort={sorted ?? 'none'} className={styles.headerCell}>
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
                  aria-valuenow={widths[c.name] ?? 120}
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
            return (
              <div
                key={item.key}
                id={`${gridId}-r${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={mergeClasses(styles.row, item.index % 2 === 1 && styles.odd, item.index === active && styles.active)}
                style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: template, width: totalWidth }}
                onClick={() => {
                  setActive(item.index);
                  onInspect(row, item.index);
                }}
              >
                {columns.map((c, ci) => {
                  const v = row[c.name];
                  const json = isJsonLike(v);
                  const key = `${item.index}:${c.name}`;
                  const open = json && expanded.has(key);
                  return (
                    <div key={c.name} role="gridcell" aria-colindex={ci + 1} className={mergeClasses(styles.cell, open && styles.expanded)} title={open ? undefined : cellText(v).slice(0, 500)}>
                      {json && (
                        <Button
                          appearance="transparent"
                          size="small"
                          className={styles.expand}
                          icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
                          aria-label={`${open ? 'Collapse' : 'Expand'} ${c.name} of row ${item.index + 1}`}
                          aria-expanded={open}
                          onClick={(e) => {
                            e.stopPropagation();
                            toggleExpanded(key);
                          }}
                        />
                      )}
                      {open ? <pre className={styles.json}>{prettyJson(v)}</pre> : cellText(v)}
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
}
