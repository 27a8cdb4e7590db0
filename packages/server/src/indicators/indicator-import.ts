/**
 * Indicator imports: Defender's CSV template (IndicatorType, IndicatorValue, ExpirationTime, Action, Severity,
 * Title, Description, RecommendedActions, RbacGroups, Category, MitreTechniques, GenerateAlert) and STIX 2.1
 * bundles (indicator objects whose pattern compares simple observables: domain-name, ipv4-addr, ipv6-addr,
 * url and file hashes). Both turn into indicator bodies for `validateIndicator`; what cannot be imported is
 * reported with where it is (line or object index) and why, never dropped silently.
 */

export interface ImportCandidate {
  /** Where the record came from: "line 4" or "objects[12] (indicator--...)". */
  at: string;
  body: Record<string, unknown>;
}

export interface ImportSkip {
  at: string;
  reason: string;
}

export interface ParsedImport {
  candidates: ImportCandidate[];
  skipped: ImportSkip[];
}

export const maxImportRecords = 10_000;

export class ImportFormatError extends Error {}

/** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF, an optional BOM. Returns rows with their line numbers. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]?.trim() === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < s.length) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
    i++;
  }
  if (quoted) throw new ImportFormatError(`CSV: a quoted field opened on line ${rowLine} is never closed.`);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

const csvColumns: Readonly<Record<string, string>> = {
  indicatortype: 'indicatorType',
  indicatorvalue: 'indicatorValue',
  expirationtime: 'expirationTime',
  action: 'action',
  severity: 'severity',
  title: 'title',
  description: 'description',
  recommendedactions: 'recommendedActions',
  category: 'category',
  mitretechniques: 'mitreTechniques',
  // Defender's template has these; Palisade has no per-indicator device groups and always alerts on Alert actions.
  rbacgroups: '',
  generatealert: '',
};

/** Defender's CSV actions, folded onto Palisade's three (Audit and Warn alert; the block kinds alert and record the block). */
const csvActions: Readonly<Record<string, string>> = {
  alert: 'Alert',
  audit: 'Alert',
  warn: 'Alert',
  block: 'AlertAndBlock',
  blockandremediate: 'AlertAndBlock',
  alertandblock: 'AlertAndBlock',
  allowed: 'Allowed',
  allow: 'Allowed',
};

/** Rows of Defender's indicator CSV template as indicator bodies. */
export function csvCandidates(text: string, source: string): ParsedImport {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) throw new ImportFormatError('CSV: the file is empty; the first line must be the header (IndicatorType,IndicatorValue,Title,...).');
  const names = header.cells.map((c) => c.trim());
  const fields = names.map((n) => {
    const f = csvColumns[n.toLowerCase()];
    if (f === undefined) throw new ImportFormatError(`CSV: unknown column "${n}" in the header; columns are ${Object.keys(csvColumns).join(', ')} (any case).`);
    return f;
  });
  for (const required of ['indicatorType', 'indicatorValue', 'title']) {
    if (!fields.includes(required)) throw new ImportFormatError(`CSV: the header has no ${required[0]?.toUpperCase()}${required.slice(1)} column.`);
  }
  if (rows.length > maxImportRecords) throw new ImportFormatError(`CSV: ${rows.length} rows; at most ${maxImportRecords} per import.`);
  const candidates: ImportCandidate[] = [];
  for (const r of rows) {
    if (r.cells.length > fields.length) throw new ImportFormatError(`CSV line ${r.line}: ${r.cells.length} fields but the header has ${fields.length}.`);
    const body: Record<string, unknown> = { source };
    fields.forEach((f, i) => {
      const v = (r.cells[i] ?? '').trim();
      if (f === '' || v === '') return;
      if (f === 'action') body.action = csvActions[v.toLowerCase()] ?? v;
      else if (f === 'mitreTechniques') body.mitreTechniques = v.split(/[;,\s]+/).filter((t) => t !== '');
      else body[f] = v;
    });
    candidates.push({ at: `line ${r.line}`, body });
  }
  return { candidates, skipped: [] };
}

const stixHash: Readonly<Record<string, string>> = { 'sha-256': 'FileSha256', sha256: 'FileSha256', 'sha-1': 'FileSha1', sha1: 'FileSha1', md5: 'FileMd5' };

/**
 * The (type, value) pairs of a STIX pattern made of one observation of simple equality comparisons joined by
 * OR (`[domain-name:value = 'x' OR url:value = 'y']`, also `[a] OR [b]`). Anything else (AND, LIKE, MATCHES,
 * FOLLOWEDBY, other object paths, CIDR ranges) is unsupported: the reason says which part.
 */
export function stixPatternValues(pattern: string): { values: { type: string; value: string }[] } | { unsupported: string } {
  const p = pattern.trim();
  if (/\b(AND|FOLLOWEDBY|WITHIN|REPEATS|START|STOP)\b/.test(p.replace(/'(?:[^'\\]|\\.)*'/g, "''"))) return { unsupported: 'the pattern combines observations with AND or temporal qualifiers; only OR of equality comparisons is imported' };
  const comparison = /([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'/g;
  const rest = p.replace(comparison, '').replace(/[[\]\s]|OR/g, '');
  if (rest !== '') return { unsupported: `the pattern has parts other than equality comparisons (${rest.slice(0, 60)})` };
  const values: { type: string; value: string }[] = [];
  for (const m of p.matchAll(comparison)) {
    const [, object = '', path = '', rawValue = ''] = m;
    const value = rawValue.replace(/\\(.)/g, '$1');
    if (object === 'domain-name' && path === 'value') values.push({ type: 'DomainName', value });
    else if ((object === 'ipv4-addr' || object === 'ipv6-addr') && path === 'value') {
      if (value.includes('/') && !/\/(32|128)$/.test(value)) return { unsupported: `address range ${value} (CIDR) is not supported; indicators are single addresses` };
      values.push({ type: 'IpAddress', value: value.replace(/\/(32|128)$/, '') });
    } else if (object === 'url' && path === 'value') values.push({ type: 'Url', value });
    else if (object === 'file' && path.startsWith('hashes.')) {
      const algo = path.slice('hashes.'.length).replace(/'/g, '').toLowerCase();
      const type = stixHash[algo];
      if (!type) return { unsupported: `file hash ${algo} is not supported (SHA-256, SHA-1, MD5)` };
      values.push({ type, value });
    } else return { unsupported: `${object}:${path} is not an indicator type Palisade matches (domain-name, ipv4-addr, ipv6-addr, url, file hashes)` };
  }
  if (values.length === 0) return { unsupported: 'the pattern has no comparison' };
  return { values };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The indicator objects of a STIX 2.1 bundle (2.0 bundles, without pattern_type, are read the same way) as
 * indicator bodies. Revoked or expired (valid_until passed) indicators and unsupported patterns are skipped
 * with the reason; objects of other types (malware, relationships...) are counted, not imported.
 */
export function stixCandidates(bundle: unknown, source: string | undefined, now: Date, severity: string): ParsedImport & { otherObjects: number } {
  if (!isObject(bundle) || bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) {
    throw new ImportFormatError('STIX: expected a bundle: {"type": "bundle", "id": "bundle--...", "objects": [...]}.');
  }
  const objects = bundle.objects as unknown[];
  const identities = new Map<string, string>();
  for (const o of objects) if (isObject(o) && o.type === 'identity' && typeof o.id === 'string' && typeof o.name === 'string') identities.set(o.id, o.name);
  const bundleSource = source ?? `STIX bundle ${typeof bundle.id === 'string' ? bundle.id : ''}`.trim();
  const candidates: ImportCandidate[] = [];
  const skipped: ImportSkip[] = [];
  let otherObjects = 0;
  objects.forEach((o, i) => {
    if (!isObject(o) || o.type !== 'indicator') {
      otherObjects++;
      return;
    }
    const at = `objects[${i}]${typeof o.id === 'string' ? ` (${o.id})` : ''}`;
    if (o.revoked === true) return void skipped.push({ at, reason: 'revoked' });
    if (o.pattern_type !== undefined && o.pattern_type !== 'stix') return void skipped.push({ at, reason: `pattern_type ${JSON.stringify(o.pattern_type)} (only stix patterns are imported)` });
    if (typeof o.pattern !== 'string') return void skipped.push({ at, reason: 'no pattern' });
    let expirationTime: string | undefined;
    if (typeof o.valid_until === 'string') {
      const t = Date.parse(o.valid_until);
      if (!Number.isNaN(t) && t <= now.getTime()) return void skipped.push({ at, reason: `expired (valid_until ${o.valid_until})` });
      if (!Number.isNaN(t)) expirationTime = new Date(t).toISOString();
    }
    const parsed = stixPatternValues(o.pattern);
    if ('unsupported' in parsed) return void skipped.push({ at, reason: parsed.unsupported });
    const by = typeof o.created_by_ref === 'string' ? identities.get(o.created_by_ref) : undefined;
    const name = typeof o.name === 'string' && o.name.trim() !== '' ? o.name.trim() : undefined;
    const description = typeof o.description === 'string' ? o.description.trim() : '';
    const kinds = Array.isArray(o.indicator_types) ? o.indicator_types.filter((t): t is string => typeof t === 'string') : [];
    for (const v of parsed.values) {
      candidates.push({
        at,
        body: {
          indicatorType: v.type,
          indicatorValue: v.value,
          action: 'Alert',
          severity,
          title: (name ?? `${kinds.length > 0 ? kinds.join(', ') : 'STIX indicator'}: ${v.value}`).slice(0, 300),
          description: description.slice(0, 5000),
          ...(expirationTime ? { expirationTime } : {}),
          source: (by ? `${by} (${bundleSource})` : bundleSource).slice(0, 200),
        },
      });
    }
  });
  if (candidates.length > maxImportRecords) throw new ImportFormatError(`STIX: ${candidates.length} indicators; at most ${maxImportRecords} per import.`);
  return { candidates, skipped, otherObjects };
}
