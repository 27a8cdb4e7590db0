import { Link as RouterLink } from 'react-router';
import { Badge, Body1, Caption1, Card, makeStyles, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { EmailDetails, SignInDetails } from '../incidents/api.ts';
import { formatTime } from '../incidents/components/SeverityBadge.tsx';
import { entityHuntLink } from '../incidents/hunt-queries.ts';
import { huntingLink } from '../hunting/hunting-link.ts';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere', minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowWrap: 'anywhere' },
});

const entity = (type: string, id: string): string => `/entities/${type}/${encodeURIComponent(id)}`;

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {rows.map(([k, v]) => [
        <dt key={`${k}:t`} className={styles.term}>
          {k}
        </dt>,
        <dd key={`${k}:d`} className={styles.value}>
          {v}
        </dd>,
      ])}
    </dl>
  );
}

/** One e-mail of an email alert: sender, recipients with delivery, URLs, attachments and what happened after delivery. */
export function EmailCard({ m }: { m: EmailDetails }) {
  const styles = useStyles();
  const none = <Text className={styles.muted}>None</Text>;
  return (
    <Card aria-label={`Email ${m.subject ?? m.networkMessageId}`}>
      <Subtitle2 as="h2">Email{m.subject ? `: ${m.subject}` : ''}</Subtitle2>
      {!m.found && <Caption1 className={styles.muted}>This message is not in EmailEvents (yet): shown from the alert's evidence.</Caption1>}
      <Facts
        rows={[
          ['Sender', m.sender.address ? <RouterLink to={entity('mailbox', m.sender.address.toLowerCase())}>{m.sender.displayName ? `${m.sender.displayName} <${m.sender.address}>` : m.sender.address}</RouterLink> : none],
          ...(m.sender.mailFrom && m.sender.mailFrom !== m.sender.address ? ([['Mail from (P1)', <Text key="p1">{m.sender.mailFrom}</Text>]] as [string, React.ReactNode][]) : []),
          ...(m.sender.ip ? ([['Sender IP', <RouterLink key="ip" to={entity('ip', m.sender.ip)}>{m.sender.ip}</RouterLink>]] as [string, React.ReactNode][]) : []),
          ['Received', m.receivedDateTime ? `${formatTime(m.receivedDateTime)}${m.direction ? ` · ${m.direction}` : ''}` : none],
          ['Threats', m.threatTypes ? <Badge color="danger" appearance="tint">{m.threatTypes}</Badge> : none],
          [
            'NetworkMessageId',
            <RouterLink key="nmid" className={styles.mono} to={huntingLink(`EmailEvents\n| where NetworkMessageId == "${m.networkMessageId}"`, `Email ${m.networkMessageId}`)}>
              {m.networkMessageId}
            </RouterLink>,
          ],
          ...(m.internetMessageId ? ([['Internet message id', <Text key="imid" className={styles.mono}>{m.internetMessageId}</Text>]] as [string, React.ReactNode][]) : []),
        ]}
      />
      <Table size="small" aria-label="Recipients and delivery">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Recipient</TableHeaderCell>
            <TableHeaderCell>Delivery action</TableHeaderCell>
            <TableHeaderCell>Delivery location</TableHeaderCell>
            <TableHeaderCell>Latest location</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {m.recipients.map((r) => (
            <TableRow key={r.address}>
              <TableCell className={styles.wrap}>
                <RouterLink to={entity('mailbox', r.address.toLowerCase())}>{r.address}</RouterLink>
              </TableCell>
              <TableCell>{r.deliveryAction ?? '—'}</TableCell>
              <TableCell>{r.deliveryLocation ?? '—'}</TableCell>
              <TableCell>{r.latestDeliveryLocation ?? m.postDelivery.filter((p) => p.recipient === r.address).at(-1)?.location ?? r.deliveryLocation ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Subtitle2 as="h3">URLs ({m.urls.length})</Subtitle2>
      {m.urls.length ? (
        <ul className={styles.list}>
          {m.urls.map((u) => (
            <li key={u.url} className={styles.wrap}>
              <RouterLink to={entityHuntLink('url', u.url)} className={styles.mono}>
                {u.url}
              </RouterLink>{' '}
              {u.location && <Caption1 className={styles.muted}>in {u.location}</Caption1>}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <Subtitle2 as="h3">Attachments ({m.attachments.length})</Subtitle2>
      {m.attachments.length ? (
        <ul className={styles.list}>
          {m.attachments.map((a) => (
            <li key={`${a.sha256 ?? ''}${a.fileName ?? ''}`} className={styles.wrap}>
              {a.sha256 ? <RouterLink to={entity('file', a.sha256)}>{a.fileName ?? a.sha256}</RouterLink> : <Text>{a.fileName}</Text>}{' '}
              <Caption1 className={styles.muted}>
                {[a.fileType, a.size !== null ? `${a.size.toLocaleString('en-US')} bytes` : null, a.threatTypes].filter(Boolean).join(' · ')}
              </Caption1>
              {a.sha256 && (
                <Caption1 block className={styles.mono}>
                  SHA256 {a.sha256}
                </Caption1>
              )}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      {m.postDelivery.length > 0 && (
        <>
          <Subtitle2 as="h3">After delivery</Subtitle2>
          <ul className={styles.list}>
            {m.postDelivery.map((p, i) => (
              <li key={i}>
                <Body1>
                  {formatTime(p.dateTime)}: {p.action ?? p.actionType} {p.actionType && p.action ? `(${p.actionType})` : ''} {p.recipient ? `for ${p.recipient}` : ''} {p.result ? `– ${p.result}` : ''}
                  {p.location ? ` → ${p.location}` : ''}
                </Body1>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

/** The sign-ins of an identity alert's accounts around the alert. */
export function SignInsCard({ signIns, window }: { signIns: readonly SignInDetails[]; window: { from: string; to: string } }) {
  const styles = useStyles();
  return (
    <Card aria-label="Sign-in details">
      <Subtitle2 as="h2">Sign-ins</Subtitle2>
      <Caption1 className={styles.muted}>
        The alert's accounts from {formatTime(window.from)} to {formatTime(window.to)} (IdentityLogonEvents, AADSignInEventsBeta).
      </Caption1>
      {signIns.length === 0 ? (
        <Text>No sign-ins of these accounts in that window.</Text>
      ) : (
        <Table size="small" aria-label="Sign-ins">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Account</TableHeaderCell>
              <TableHeaderCell>Application</TableHeaderCell>
              <TableHeaderCell>IP address</TableHeaderCell>
              <TableHeaderCell>Location</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {signIns.map((s, i) => (
              <TableRow key={i}>
                <TableCell>{formatTime(s.dateTime)}</TableCell>
                <TableCell className={styles.wrap}>
                  {s.account ? <RouterLink to={entity('user', s.account.includes('\\') ? (s.account.split('\\')[1] ?? s.account) : s.account)}>{s.account}</RouterLink> : '—'}
                  {s.accountDisplayName && (
                    <Caption1 block className={styles.muted}>
                      {s.accountDisplayName}
                    </Caption1>
                  )}
                </TableCell>
                <TableCell className={styles.wrap}>
                  {s.application ?? '—'}
                  {s.logonType && (
                    <Caption1 block className={styles.muted}>
                      {s.logonType}
                    </Caption1>
                  )}
                </TableCell>
                <TableCell>
                  {s.ipAddress ? <RouterLink to={entity('ip', s.ipAddress)}>{s.ipAddress}</RouterLink> : '—'}
                  {s.fromAlertIp && (
                    <Caption1 block>
                      <Badge size="small" appearance="tint" color="warning">
                        Alert IP
                      </Badge>
                    </Caption1>
                  )}
                </TableCell>
                <TableCell className={styles.wrap}>{s.location ?? '—'}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={s.result === 'success' ? 'success' : s.result === 'failure' ? 'danger' : 'informative'}>
                    {s.result === 'success' ? 'Success' : s.result === 'failure' ? 'Failure' : 'Unknown'}
                  </Badge>
                  {s.failureReason && (
                    <Caption1 block className={styles.wrap}>
                      {s.failureReason}
                    </Caption1>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
