import type { Diagnostic, Severity } from './types.ts';

/** A source range as character offsets [start, end) into the query text. */
export interface Span {
  start: number;
  end: number;
}

/** Every diagnostic code the compiler reports. */
export type DiagnosticCode =
  | 'syntax-error'
  | 'unknown-table'
  | 'unknown-column'
  | 'unknown-function'
  | 'unknown-name'
  | 'type-mismatch'
  | 'wrong-arity'
  | 'duplicate-column'
  | 'unsupported-operator'
  | 'unsupported-function'
  | 'unsupported-syntax'
  | 'missing-provider'
  | 'invalid-literal'
  | 'invalid-argument'
  | 'no-query'
  | 'multiple-results'
  | 'internal-error';

/** A diagnostic before its offsets are turned into line/column. */
export interface RawDiagnostic {
  code: DiagnosticCode;
  message: string;
  severity: Severity;
  span: Span;
}

/** Collects diagnostics of one compilation. */
export class DiagnosticBag {
  readonly items: RawDiagnostic[] = [];

  error(code: DiagnosticCode, message: string, span: Span): void {
    this.items.push({ code, message, severity: 'error', span });
  }

  warning(code: DiagnosticCode, message: string, span: Span): void {
    this.items.push({ code, message, severity: 'warning', span });
  }

  info(code: DiagnosticCode, message: string, span: Span): void {
    this.items.push({ code, message, severity: 'info', span });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** Turns offsets into 1-based line/column pairs. */
export function locate(text: string, items: readonly RawDiagnostic[]): Diagnostic[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const pos = (offset: number): { line: number; column: number } => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (lineStarts[lo] ?? 0) + 1 };
  };
  return items.map((d) => {
    const s = pos(d.span.start);
    const e = pos(Math.max(d.span.end, d.span.start));
    return { code: d.code, message: d.message, severity: d.severity, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  });
}

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const prev = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const up = prev[j] ?? 0;
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[y.length] ?? 0;
}

/** The candidate closest in spelling, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDist <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c === undefined ? '' : ` Did you mean '${c}'?`;
}
