/** The rule form's state, how it starts (from a rule, or from a hunting query) and what it sends. */
import type { DetectionRule, RuleInput } from './api.ts';
import { malformedTechniques, mappingParts, parseTechniques, ruleIdFromName, suggestEntityMapping } from './rule-model.ts';
import type { EntityMapping, Frequency, Severity } from './rule-model.ts';

export interface RuleForm {
  id: string;
  /** False while the id follows the name; true once the person typed their own. */
  idEdited: boolean;
  name: string;
  description: string;
  query: string;
  frequency: Frequency;
  title: string;
  alertDescription: string;
  severity: Severity;
  category: string;
  techniques: string;
  recommendedActions: string;
  mapping: EntityMapping;
  suppressionMinutes: number;
}

/** What Advanced hunting hands the new-rule form: the query, and the result's columns when it ran. */
export interface RuleSeed {
  query: string;
  columns?: string[];
  name?: string;
  /** Copying a rule (e.g. a built-in one) into a new custom rule. */
  from?: DetectionRule;
}

export function readSeed(state: unknown): RuleSeed | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  if (typeof s.query !== 'string') return undefined;
  const seed: RuleSeed = { query: s.query };
  if (Array.isArray(s.columns) && s.columns.every((c) => typeof c === 'string')) seed.columns = s.columns;
  if (typeof s.name === 'string') seed.name = s.name;
  if (typeof s.from === 'object' && s.from !== null) seed.from = s.from as DetectionRule;
  return seed;
}

export function formFromRule(r: DetectionRule): RuleForm {
  return {
    id: r.id,
    idEdited: true,
    name: r.name,
    description: r.description,
    query: r.query,
    frequency: r.frequency,
    title: r.alert?.title ?? r.name,
    alertDescription: r.alert?.description ?? '',
    severity: r.alert?.severity ?? 'medium',
    category: r.alert?.category ?? 'SuspiciousActivity',
    techniques: (r.alert?.techniques ?? []).join(', '),
    recommendedActions: r.alert?.recommendedActions ?? '',
    mapping: { ...r.entityMapping },
    suppressionMinutes: r.suppressionMinutes,
  };
}

/** A new rule's form: empty, or filled from a hunting query (mapping suggested from its columns), or a copy of a rule. */
export function newForm(seed: RuleSeed | undefined): RuleForm {
  if (seed?.from) {
    const name = `${seed.from.name} (custom)`;
    return { ...formFromRule(seed.from), id: ruleIdFromName(name), idEdited: false, name };
  }
  const name = seed?.name ?? '';
  return {
    id: name ? ruleIdFromName(name) : '',
    idEdited: false,
    name,
    description: '',
    query: seed?.query ?? '',
    frequency: '24h',
    title: '',
    alertDescription: '',
    severity: 'medium',
    category: 'SuspiciousActivity',
    techniques: '',
    recommendedActions: '',
    mapping: seed?.columns ? suggestEntityMapping(seed.columns) : {},
    suppressionMinutes: 1440,
  };
}

/** Problems the form can see before asking the server, keyed like the server's field errors. */
export function formProblems(f: RuleForm): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.name.trim() === '') out.name = 'Give the rule a name.';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(f.id)) out.id = 'The id is lowercase letters, digits and dashes, starting with a letter or digit.';
  if (f.query.trim() === '') out.query = 'Write the hunting query the rule runs.';
  if (f.title.trim() === '') out['alert.title'] = 'Give the alert a title; {{Column}} takes a value from the row.';
  const bad = malformedTechniques(parseTechniques(f.techniques));
  if (bad.length > 0) out['alert.techniques'] = `${bad.join(', ')}: not an ATT&CK technique id (T1234 or T1234.001).`;
  if (!mappingParts.some((p) => f.mapping[p])) out.entityMapping = 'Map at least one result column to an entity, so alerts say what they are about.';
  return out;
}

/** The request body for the form (empty mapping choices left out). */
export function formToInput(f: RuleForm): RuleInput {
  const mapping: EntityMapping = {};
  for (const p of mappingParts) {
    const c = f.mapping[p];
    if (c) mapping[p] = c;
  }
  return {
    id: f.id,
    name: f.name.trim(),
    description: f.description.trim(),
    query: f.query,
    frequency: f.frequency,
    alert: {
      title: f.title.trim(),
      description: f.alertDescription.trim(),
      severity: f.severity,
      category: f.category,
      techniques: parseTechniques(f.techniques),
      ...(f.recommendedActions.trim() ? { recommendedActions: f.recommendedActions.trim() } : {}),
    },
    entityMapping: mapping,
    suppressionMinutes: f.suppressionMinutes,
  };
}
