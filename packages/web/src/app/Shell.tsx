import { NavLink, Outlet } from 'react-router';
import { makeStyles, tokens, Text } from '@fluentui/react-components';
import { ShieldRegular } from '@fluentui/react-icons';
import { navigation } from './navigation.tsx';

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
  nav: {
    backgroundColor: tokens.colorNeutralBackground2,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBlock: tokens.spacingVerticalS,
    overflowY: 'auto',
  },
  navList: { listStyleType: 'none', margin: 0, padding: 0 },
  link: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
  },
  active: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorNeutralBackground1Selected },
  main: { overflow: 'auto', padding: tokens.spacingHorizontalXXL, backgroundColor: tokens.colorNeutralBackground1 },
});

export function Shell() {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <header className={styles.topBar}>
        <ShieldRegular fontSize={24} aria-hidden />
        <Text as="span" weight="semibold" size={400}>
          Palisade
        </Text>
      </header>
      <nav className={styles.nav} aria-label="Main navigation">
        <ul className={styles.navList}>
          {navigation.map((item) => (
            <li key={item.id}>
              <NavLink to={item.path} end className={({ isActive }) => (isActive ? `${styles.link} ${styles.active}` : styles.link)}>
                <item.icon fontSize={20} aria-hidden />
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className={styles.main} id="main">
        <Outlet />
      </main>
    </div>
  );
}
