/**
 * An incident's PDF summary (the incident page's "Export" action): header facts, the alerts table, impacted
 * assets, and a timeline of alerts and activity. Built with pdfkit from the Graph-shaped incident as the
 * caller sees it (incidentToGraph with its scope applied), so the PDF never shows more than the page does.
 *
 * The standard Helvetica font covers Windows-1252 only; other characters are written as close ASCII forms
 * ("→" as "->") or "?", never dropped silently.
 */
import PDFDocument from 'pdfkit';

export interface PdfAlert {
  id: string;
  title: string;
  severity: string;
  status: string;
  category: string;
  detectionSource: string;
  firstActivityDateTime: string;
  correlationReason: { text: string } | null;
}

export interface PdfIncident {
  id: string;
  displayName: string;
  severity: string;
  status: string;
  assignedTo: string | null;
  classification: string | null;
  determination: string | null;
  customTags: string[];
  systemTags: string[];
  categories: string[];
  mitreTechniques: string[];
  serviceSources: string[];
  detectionSources: string[];
  firstActivityDateTime: string | null;
  lastActivityDateTime: string | null;
  createdDateTime: string;
  alertCount: number;
  impactedAssets: Partial<Record<string, Record<string, number>>>;
  alerts: PdfAlert[];
  comments: { comment: string; createdByDisplayName: string; createdDateTime: string }[];
  activity: { at: string; actor: string; action: string; details: string }[];
}

const ascii: Readonly<Record<string, string>> = { '→': '->', '←': '<-', '≥': '>=', '≤': '<=', '✓': 'v', '…': '...' };
// Windows-1252's printable characters above 0x7f that are not Latin-1 (what Helvetica's encoding maps).
const cp1252 = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text Helvetica can show: Latin-1 and Windows-1252 as is, a few symbols spelled out, anything else "?". */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\t' || ch === '\n') out += ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code < 0x100 || cp1252.has(ch)) out += ch;
    else out += ascii[ch] ?? '?';
  }
  return out;
}

const words: Readonly<Record<string, string>> = { inProgress: 'In progress', truePositive: 'True positive', falsePositive: 'False positive', informationalExpectedActivity: 'Informational, expected activity' };
const label = (v: string | null | undefined): string => (!v ? '' : (words[v] ?? v.charAt(0).toUpperCase() + v.slice(1).replace(/([a-z])([A-Z])/g, '$1 $2')));
const time = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '-');

const margin = 48;
const ink = '#1b1b1b';
const muted = '#5c5c5c';
const rule = '#c8c8c8';

/** Renders the summary; resolves with the PDF file's bytes. */
export function incidentPdf(incident: PdfIncident, meta: { generatedBy: string; generatedAt: Date }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    info: { Title: pdfText(`Incident ${incident.id}: ${incident.displayName}`), Author: pdfText(meta.generatedBy), Subject: 'Palisade incident summary', Creator: 'Palisade' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * margin;
  const bottom = (): number => doc.page.height - margin - 20;
  const ensure = (h: number): void => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const heading = (text: string): void => {
    ensure(60);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(ink).text(text, margin, doc.y, { width });
    doc.moveTo(margin, doc.y + 2).lineTo(margin + width, doc.y + 2).strokeColor(rule).lineWidth(0.7).stroke();
    doc.moveDown(0.5);
  };

  // Header
  doc.font('Helvetica').fontSize(9).fillColor(muted).text(pdfText(`Palisade incident summary · incident ${incident.id}`), { width });
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(18).fillColor(ink).text(pdfText(incident.displayName), { width });
  doc.moveDown(0.6);
  const facts: [string, string][] = [
    ['Severity', label(incident.severity)],
    ['Status', label(incident.status)],
    ['Assigned to', incident.assignedTo ?? 'Unassigned'],
    ['Classification', incident.classification && incident.classification !== 'unknown' ? `${label(incident.classification)}${incident.determination && incident.determination !== 'unknown' ? ` - ${label(incident.determination)}` : ''}` : 'Not set'],
    ['Tags', [...incident.customTags, ...incident.systemTags].join(', ') || 'None'],
    ['Categories', incident.categories.map(label).join(' -> ') || 'None'],
    ['MITRE techniques', incident.mitreTechniques.join(', ') || 'None'],
    ['Sources', [...new Set([...incident.serviceSources, ...incident.detectionSources])].join(', ') || 'None'],
    ['Activity', `${time(incident.firstActivityDateTime)} to ${time(incident.lastActivityDateTime)}`],
    ['Created', time(incident.createdDateTime)],
    ['Alerts', String(incident.alertCount)],
  ];
  for (const [k, v] of facts) {
    ensure(16);
    const y = doc.y;
    doc.font('Helvetica').fontSize(9.5).fillColor(muted).text(k, margin, y, { width: 120 });
    doc.font('Helvetica').fontSize(9.5).fillColor(ink).text(pdfText(v), margin + 125, y, { width: width - 125 });
    doc.y = Math.max(doc.y, y + 13);
  }

  // Alerts table
  heading(`Alerts (${incident.alerts.length})`);
  const cols = [
    { title: 'Alert', w: 0.34, get: (a: PdfAlert) => a.title },
    { title: 'Severity', w: 0.1, get: (a: PdfAlert) => label(a.severity) },
    { title: 'Status', w: 0.1, get: (a: PdfAlert) => label(a.status) },
    { title: 'Category', w: 0.14, get: (a: PdfAlert) => label(a.category) },
    { title: 'First activity', w: 0.17, get: (a: PdfAlert) => time(a.firstActivityDateTime) },
    { title: 'Source', w: 0.15, get: (a: PdfAlert) => a.detectionSource },
  ];
  const row = (cells: string[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor(ink);
    const heights = cells.map((c, i) => doc.heightOfString(pdfText(c), { width: (cols[i]?.w ?? 0) * width - 6 }));
    const h = Math.max(...heights) + 6;
    ensure(h);
    const y = doc.y;
    let x = margin;
    cells.forEach((c, i) => {
      const w = (cols[i]?.w ?? 0) * width;
      doc.text(pdfText(c), x + 3, y + 3, { width: w - 6 });
      x += w;
    });
    doc.moveTo(margin, y + h).lineTo(margin + width, y + h).strokeColor(rule).lineWidth(0.5).stroke();
    doc.x = margin;
    doc.y = y + h;
  };
  row(cols.map((c) => c.title), true);
  for (const a of incident.alerts) row(cols.map((c) => c.get(a)), false);
  if (incident.alerts.length === 0) doc.font('Helvetica').fontSize(9).fillColor(muted).text('No alerts visible to you.', margin, doc.y + 4);

  // Assets
  heading('Impacted assets');
  const kinds: [string, string][] = [
    ['devices', 'Devices'],
    ['users', 'Users'],
    ['mailboxes', 'Mailboxes'],
    ['apps', 'Cloud apps'],
    ['ips', 'IP addresses'],
  ];
  for (const [key, title] of kinds) {
    const items = Object.entries(incident.impactedAssets[key] ?? {});
    ensure(28);
    doc.font('Helvetica-Bold').fontSize(9.5).fillColor(ink).text(`${title} (${items.length})`, margin, doc.y, { width });
    doc.font('Helvetica').fontSize(9).fillColor(items.length ? ink : muted);
    doc.text(items.length ? pdfText(items.map(([name, n]) => `${name} (${n} alert${n === 1 ? '' : 's'})`).join(', ')) : 'None', margin + 12, doc.y, { width: width - 12 });
    doc.moveDown(0.4);
  }

  // Timeline: alerts by first activity, then changes and comments, oldest first.
  heading('Timeline');
  const events = [
    ...incident.alerts.map((a) => ({ at: a.firstActivityDateTime, who: 'alert', text: `${a.title}${a.correlationReason ? ` (${a.correlationReason.text})` : ''}` })),
    ...incident.activity.filter((e) => e.action !== 'commented').map((e) => ({ at: e.at, who: e.actor, text: `${e.action}${e.details ? `: ${e.details}` : ''}` })),
    ...incident.comments.map((c) => ({ at: c.createdDateTime, who: c.createdByDisplayName, text: `comment: ${c.comment}` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  for (const e of events) {
    doc.font('Helvetica').fontSize(8.5);
    const text = pdfText(`${e.who}: ${e.text}`);
    const h = doc.heightOfString(text, { width: width - 130 }) + 4;
    ensure(h);
    const y = doc.y;
    doc.fillColor(muted).text(time(e.at), margin, y, { width: 125 });
    doc.fillColor(ink).text(text, margin + 130, y, { width: width - 130 });
    doc.y = Math.max(doc.y, y + 12) + 2;
  }

  // Footer on every page.
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const y = doc.page.height - margin + 10;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor(muted).text(pdfText(`Generated by ${meta.generatedBy} at ${time(meta.generatedAt.toISOString())} · page ${p - range.start + 1} of ${range.count}`), margin, y, { width, lineBreak: false });
  }
  doc.end();
  return done;
}
