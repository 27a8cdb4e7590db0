/**
 * The demo organisation's threat-intel feed: a small set of indicators labelled as the demo feed, loaded when
 * the demo is seeded (simulator/demo.ts). Two are the infrastructure of the simulator's drive-by story (its
 * fake-update domain and server, documentation addresses that exist only in the simulation); the others are
 * real published indicators from Palo Alto Unit 42's adversary playbooks (MIT licence, copied in
 * ../shared/data/stix/unit42-playbooks), so the list looks like a feed an organisation subscribes to. None of
 * them occurs in the simulator's benign telemetry (bench:correlate counts alerts on benign activity).
 */
import type { AppContext } from '../context.ts';
import { indicatorsService } from './indicators.service.ts';
import type { ImportCandidate } from './indicator-import.ts';

export const demoFeedSource = 'Palisade demo threat-intel feed';

const unit42 = (playbook: string): string => `Published by Palo Alto Networks Unit 42 in the ${playbook} adversary playbook.`;

export const demoFeed: readonly Record<string, unknown>[] = [
  {
    indicatorType: 'DomainName',
    indicatorValue: 'browser-update-center.net',
    severity: 'High',
    title: 'Fake browser update site (drive-by download)',
    description: 'Serves a fake Chrome update that installs a persistent implant; mailed as an "update required" notice.',
    mitreTechniques: ['T1189', 'T1566.002'],
  },
  {
    indicatorType: 'IpAddress',
    indicatorValue: '203.0.113.118',
    severity: 'High',
    title: 'Fake browser update server and implant command and control',
    description: 'Hosts browser-update-center.net and receives the implant\'s beacons on port 8443.',
    mitreTechniques: ['T1071.001'],
  },
  { indicatorType: 'DomainName', indicatorValue: 'cdnverify.net', severity: 'High', title: 'Fighting Ursa (APT28) infrastructure', description: unit42('Fighting Ursa') },
  { indicatorType: 'IpAddress', indicatorValue: '109.248.148.42', severity: 'High', title: 'Fighting Ursa (APT28) command and control', description: unit42('Fighting Ursa') },
  { indicatorType: 'IpAddress', indicatorValue: '145.249.105.165', severity: 'Medium', title: 'Fighting Ursa (APT28) infrastructure', description: unit42('Fighting Ursa') },
  { indicatorType: 'DomainName', indicatorValue: 'crossfity.com', severity: 'High', title: 'Cloaked Ursa (APT29) infrastructure', description: unit42('Cloaked Ursa') },
  { indicatorType: 'DomainName', indicatorValue: 'jahojahi.com', severity: 'Medium', title: 'IcedID command and control', description: unit42('IcedID') },
  { indicatorType: 'DomainName', indicatorValue: 'cleverchaosname.com', severity: 'Medium', title: 'IcedID command and control', description: unit42('IcedID') },
  { indicatorType: 'Url', indicatorValue: 'http://orangebrands.co.tz/pgdfga/', severity: 'Medium', title: 'Pikabot distribution URL', description: unit42('Pikabot (2024-02-08)') },
  { indicatorType: 'FileSha256', indicatorValue: '0c6f444c6940a3688ffc6f8b9d5774c032e3551ebbccb64e4280ae7fc1fac479', severity: 'High', title: 'BlackCat (ALPHV) ransomware', description: unit42('BlackCat ransomware'), category: 'Ransomware', mitreTechniques: ['T1486'] },
  { indicatorType: 'FileSha256', indicatorValue: '15b57c1b68cd6ce3c161042e0f3be9f32d78151fe95461eedc59a79fc222c7ed', severity: 'High', title: 'BlackCat (ALPHV) ransomware', description: unit42('BlackCat ransomware'), category: 'Ransomware', mitreTechniques: ['T1486'] },
];

/** Loads the demo feed (again: it updates the same indicators, never duplicates them). */
export async function seedDemoIndicators(ctx: AppContext): Promise<{ created: number; updated: number }> {
  const candidates: ImportCandidate[] = demoFeed.map((body, i) => ({ at: `demo feed [${i}]`, body: { action: 'Alert', ...body, source: demoFeedSource } }));
  const r = await indicatorsService(ctx).apply(candidates, 'Palisade demo');
  if (r.errors.length > 0) throw new Error(`The demo threat-intel feed is not valid: ${r.errors.map((e) => `${e.at} ${e.field}: ${e.message}`).join('; ')}`);
  return { created: r.created, updated: r.updated };
}
