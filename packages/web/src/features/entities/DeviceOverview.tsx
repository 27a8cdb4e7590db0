import type { ReactNode } from 'react';
import { AppLink } from './AppLink.tsx';
import { Badge, Caption1, Card, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { DeviceOverview as Overview } from './api.ts';
import { formatTime } from './format.ts';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  key: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: 0, padding: 0, listStyle: 'none' },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyle: 'none' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const levelColour: Readonly<Record<string, BadgeProps['color']>> = { high: 'danger', medium: 'warning', low: 'informative', informational: 'subtle', none: 'success' };
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function Level({ value }: { value: string | null }) {
  if (!value) return <span>Unknown</span>;
  const v = value.toLowerCase();
  return (
    <Badge appearance="tint" shape="rounded" color={levelColour[v] ?? 'subtle'}>
      {v === 'none' ? 'No risk' : cap(v)}
    </Badge>
  );
}

/** The device's inventory facts, with its users and addresses linking to their own pages. */
export function DeviceOverview({ device }: { device: Overview }) {
  const styles = useStyles();
  const item = (label: string, value: ReactNode) => (
    <div className={styles.item} key={label}>
      <dt className={styles.key}>{label}</dt>
      <dd className={styles.value}>{value ?? <span className={styles.muted}>Unknown</span>}</dd>
    </div>
  );
  const users = new Map<string, string>();
  for (const u of device.loggedOnUsers) users.set(u.accountName.toLowerCase(), u.domain ? `${u.domain}\\${u.accountName}` : u.accountName);
  const os = [device.osPlatform, device.osVersion, device.osBuild !== null ? `build ${device.osBuild}` : null, device.osArchitecture].filter(Boolean).join(' · ');
  return (
    <Card aria-label="Overview">
      <Subtitle2 as="h2">Overview</Subtitle2>
      {!device.inventoried && <Caption1 className={styles.muted}>No inventory report (DeviceInfo) names this device: it is known from its events only.</Caption1>}
      <dl className={styles.grid}>
        {item('Device group', device.deviceGroup?.name ?? null)}
        {item('Risk level', <Level value={device.riskLevel} />)}
        {item('Exposure level', <Level value={device.exposureLevel} />)}
        {item('Operating system', os || null)}
        {item('Device type', [device.deviceType, device.model, device.vendor].filter(Boolean).join(' · ') || null)}
        {item('Domain join', device.joinType)}
        {item(
          'IP addresses',
          device.ipAddresses.length === 0 && !device.publicIp ? null : (
            <ul className={styles.list}>
              {device.ipAddresses.map((ip) => (
                <li key={`${ip.adapter}|${ip.address}`}>
                  <AppLink to={`/entities/ip/${encodeURIComponent(ip.address)}`}>{ip.address}</AppLink>
                </li>
              ))}
              {device.publicIp && (
                <li>
                  <AppLink to={`/entities/ip/${encodeURIComponent(device.publicIp)}`}>{device.publicIp}</AppLink> <span className={styles.muted}>(public)</span>
                </li>
              )}
            </ul>
          ),
        )}
        {item(
          'Logged-on users',
          users.size === 0 ? <span className={styles.muted}>None reported</span> : (
            <ul className={styles.list}>
              {[...users].map(([name, label]) => (
                <li key={name}>
                  <AppLink to={`/entities/user/${encodeURIComponent(name)}`}>{label}</AppLink>
                </li>
              ))}
            </ul>
          ),
        )}
        {item(
          'Tags',
          device.tags.length === 0 ? <span className={styles.muted}>No tags</span> : (
            <ul className={styles.list}>
              {device.tags.map((t) => (
                <li key={t}>
                  <Badge appearance="outline" shape="rounded">
                    {t}
                  </Badge>
                </li>
              ))}
            </ul>
          ),
        )}
        {item('Machine group (sensor)', device.machineGroup)}
        {item('Onboarding · sensor health', [device.onboardingStatus, device.sensorHealthState].filter(Boolean).join(' · ') || null)}
        {item('Internet facing', device.isInternetFacing === null ? null : device.isInternetFacing ? 'Yes' : 'No')}
        {item('First seen', device.firstSeen ? formatTime(device.firstSeen) : null)}
        {item('Last seen', device.lastSeen ? formatTime(device.lastSeen) : null)}
        {item('Device id', device.deviceId)}
      </dl>
      {device.recentLogons.length > 0 && (
        <>
          <Subtitle2 as="h3">Users who signed in (30 days)</Subtitle2>
          <ul className={styles.stack} aria-label="Users who signed in">
            {device.recentLogons.map((l) => (
              <li key={`${l.domain ?? ''}\\${l.accountName}`}>
                <AppLink to={`/entities/user/${encodeURIComponent(l.accountName)}`}>{l.domain ? `${l.domain}\\${l.accountName}` : l.accountName}</AppLink>{' '}
                <span className={styles.muted}>
                  {l.logons.toLocaleString('en-US')} {l.logons === 1 ? 'logon' : 'logons'}, last {formatTime(l.last)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
