import type { ReactNode } from 'react';
import { Card, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground2,
    padding: tokens.spacingHorizontalL,
    boxSizing: 'border-box',
  },
  card: { width: '100%', maxWidth: '400px', padding: tokens.spacingHorizontalXXL },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorBrandForeground1 },
});

/** The centred card the sign-in and password pages share. */
export function AuthCard({ title, titleId, children }: { title: string; titleId: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Card className={styles.card} aria-labelledby={titleId}>
        <div className={styles.brand}>
          <ShieldRegular fontSize={28} aria-hidden />
          <Text weight="semibold" size={500}>
            Palisade
          </Text>
        </div>
        <Title3 as="h1" id={titleId}>
          {title}
        </Title3>
        {children}
      </Card>
    </main>
  );
}
