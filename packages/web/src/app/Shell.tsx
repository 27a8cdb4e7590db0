import { useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Button, makeStyles, tokens, Text } from '@fluentui/react-components';
import { NavigationRegular, ShieldRegular } from '@fluentui/react-icons';
import { AccountMenu } from '../features/auth/AccountMenu.tsx';
import { useSession } from '../features/auth/session.tsx';
import { CustomizeNavigationDialog } from './CustomizeNavigationDialog.tsx';
import { allowedNavigation } from './navigation.tsx';
import { arrange, usePreferences } from './preferences.ts';
import { useTheme } from './theme.tsx';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateRows: '48px 1fr', gridTemplateColumns: '220px 1fr', height: '100vh' },
  topBar: {
    gridColumn: '1 / 3',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  spacer: { flexGrow: 1 },
  nav: {
    backgroundColor: tokens.colorNeutralBackground2,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBlock: tokens.spacingVerticalS,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
  },
  navList: { listStyleType: 'none', margin: 0, padding: 0, flexGrow: 1 },
  link: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  active: {
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground1Selected,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
  },
  customize: { marginInline: tokens.spacingHorizontalS, justifyContent: 'flex-start' },
  main: { overflow: 'auto', padding: tokens.spacingHorizontalXXL, backgroundColor: tokens.colorNeutralBackground1 },
});

export function Shell() {
  const styles = useStyles();
  const session = useSession();
  const preferences = usePreferences();
  const { theme, setTheme } = useTheme();
  const [customizing, setCustomizing] = useState(false);
  const allowed = allowedNavigation(session.permissions);
  const visible = arrange(allowed, preferences.data?.navigation?.order, preferences.data?.navigation?.hidden);

  // The theme saved with the person's preferences wins over this browser's.
  const savedTheme = preferences.data?.theme;
  useEffect(() => {
    if (savedTheme && savedTheme !== theme) setTheme(savedTheme);
  }, [savedTheme]);

  return (
    <div className={styles.root}>
      <header className={styles.topBar}>
        <ShieldRegular fontSize={24} aria-hidden />
        <Text as="span" weight="semibold" size={400}>
          Palisade
        </Text>
        <span className={styles.spacer} />
        <AccountMenu onCustomizeNavigation={() => setCustomizing(true)} />
      </header>
      <nav className={styles.nav} aria-label="Main navigation">
        <ul className={styles.navList}>
          {visible.map((item) => (
            <li key={item.id}>
              <NavLink to={item.path} end={item.path === '/' || visible.some((o) => o.path.startsWith(`${item.path}/`))} className={({ isActive }) => (isActive ? `${styles.link} ${styles.active}` : styles.link)}>
                <item.icon fontSize={20} aria-hidden />
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <Button appearance="subtle" className={styles.customize} icon={<NavigationRegular />} onClick={() => setCustomizing(true)}>
          Customize navigation
        </Button>
      </nav>
      <main className={styles.main} id="main">
        <Outlet />
      </main>
      <CustomizeNavigationDialog open={customizing} onClose={() => setCustomizing(false)} items={allowed} preferences={preferences.data} />
    </div>
  );
}
