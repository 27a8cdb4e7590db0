import { useQuery } from '@tanstack/react-query';
import { Badge, Card, CardHeader, Spinner, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { fetchHealth } from './api.ts';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: tokens.spacingHorizontalL, marginTop: tokens.spacingVerticalL },
});

export function HomePage() {
  const styles = useStyles();
  const health = useQuery({ queryKey: ['health'], queryFn: fetchHealth });
  return (
    <section aria-labelledby="home-title">
      <Title2 as="h1" id="home-title">
        Home
      </Title2>
      <div className={styles.grid}>
        <Card>
          <CardHeader header={<Text weight="semibold">Portal status</Text>} />
          {health.isPending && <Spinner size="tiny" label="Checking the server" />}
          {health.isError && (
            <Badge color="danger" appearance="filled">
              Server unreachable
            </Badge>
          )}
          {health.data && (
            <div>
              <Badge color={health.data.status === 'ok' ? 'success' : 'danger'} appearance="filled">
                {health.data.status === 'ok' ? 'Healthy' : health.data.status}
              </Badge>{' '}
              <Text>Version {health.data.version}</Text>
            </div>
          )}
        </Card>
      </div>
    </section>
  );
}
