/**
 * Device group rules, after Defender's device groups: a rule row per property (device name pattern,
 * domain, OS platform, tag). Values of one property are OR-ed, properties are AND-ed; a device joins only
 * the highest-ranked group it matches; devices matching none are in "Ungrouped devices".
 */
export interface DeviceGroupRules {
  /** Device name patterns, case-insensitive; `*` matches any run of characters, `?` one character. */
  names?: string[];
  /** DNS domains (the part of DeviceName after the first dot), case-insensitive; a subdomain matches too. */
  domains?: string[];
  /** OSPlatform values as DeviceInfo reports them (Windows11, WindowsServer2022, Linux, macOS...), case-insensitive. */
  osPlatforms?: string[];
  /** Device tags (manual, dynamic or registry tags), case-insensitive. */
  tags?: string[];
}

export const ruleProperties = ['names', 'domains', 'osPlatforms', 'tags'] as const;
export const maxValuesPerProperty = 10;

/** A device as the rules see it: its latest DeviceInfo report. */
export interface DeviceFacts {
  deviceId: string;
  deviceName: string;
  osPlatform: string | null;
  tags: string[];
  lastSeen: string | null;
}

export const ungroupedId = 'ungrouped';
export const ungroupedName = 'Ungrouped devices (default)';

export const remediationLevels = ['noAutomatedResponse', 'semiApprovalAllFolders', 'semiApprovalNonTempFolders', 'semiApprovalCoreFolders', 'fullRemediation'] as const;
export type RemediationLevel = (typeof remediationLevels)[number];

function globToRegExp(pattern: string): RegExp {
  const body = [...pattern.toLowerCase()].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

export function domainOf(deviceName: string): string {
  const i = deviceName.indexOf('.');
  return i < 0 ? '' : deviceName.slice(i + 1).toLowerCase();
}

/** A compiled rule set: a predicate over devices. */
export function compileRules(rules: DeviceGroupRules): (d: DeviceFacts) => boolean {
  const names = rules.names?.map(globToRegExp);
  const domains = rules.domains?.map((d) => d.toLowerCase().replace(/^\./, ''));
  const os = rules.osPlatforms?.map((o) => o.toLowerCase());
  const tags = rules.tags?.map((t) => t.toLowerCase());
  return (d) => {
    const name = d.deviceName.toLowerCase();
    if (names && !names.some((r) => r.test(name) || r.test(name.split('.')[0] ?? ''))) return false;
    if (domains) {
      const dom = domainOf(d.deviceName);
      if (!domains.some((x) => dom === x || dom.endsWith(`.${x}`))) return false;
    }
    if (os && !os.includes((d.osPlatform ?? '').toLowerCase())) return false;
    if (tags) {
      const have = new Set(d.tags.map((t) => t.toLowerCase()));
      if (!tags.some((t) => have.has(t))) return false;
    }
    return true;
  };
}

/** Checks a rule set, returning what is wrong and where (e.g. "rules.names[2]: ..."). */
export function rulesProblem(rules: DeviceGroupRules): string | undefined {
  let any = false;
  for (const prop of ruleProperties) {
    const values = rules[prop];
    if (values === undefined) continue;
    if (values.length === 0) return `rules.${prop}: give at least one value or leave the property out.`;
    if (values.length > maxValuesPerProperty) return `rules.${prop}: at most ${maxValuesPerProperty} values (got ${values.length}).`;
    for (const [i, v] of values.entries()) {
      if (v.trim() === '' || v.length > 256) return `rules.${prop}[${i}]: a value must be 1 to 256 characters.`;
    }
    any = true;
  }
  return any ? undefined : 'rules: give at least one of names, domains, osPlatforms or tags (a group with no rule would take every device).';
}

/** Tags from DeviceInfo's tag columns: JSON arrays, or comma-separated text, or a single value. */
export function parseTags(...columns: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const c of columns) {
    if (c === null || c === undefined || c.trim() === '') continue;
    const t = c.trim();
    if (t.startsWith('[')) {
      try {
        const v: unknown = JSON.parse(t);
        if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x.trim() !== '') out.add(x.trim());
        continue;
      } catch {
        // not JSON after all: fall through to comma splitting
      }
    }
    for (const x of t.split(',')) if (x.trim() !== '') out.add(x.trim());
  }
  return [...out];
}
