import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Avatar, Button, Menu, MenuDivider, MenuGroup, MenuGroupHeader, MenuItem, MenuItemSwitch, MenuList, MenuPopover, MenuTrigger, makeStyles, tokens } from '@fluentui/react-components';
import { KeyRegular, NavigationRegular, SignOutRegular, WeatherMoonRegular } from '@fluentui/react-icons';
import { useTheme } from '../../app/theme.tsx';
import { useUpdatePreferences } from '../../app/preferences.ts';
import { setCsrfToken } from '../../api/client.ts';
import { signOut, signOutEverywhere } from './api.ts';
import { meQueryKey, useSession } from './session.tsx';

const useStyles = makeStyles({
  trigger: { color: tokens.colorNeutralForegroundOnBrand, ':hover': { color: tokens.colorNeutralForegroundOnBrand } },
  who: { paddingInline: tokens.spacingHorizontalM, paddingBlock: tokens.spacingVerticalS, display: 'flex', flexDirection: 'column' },
  email: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The top-bar account menu: who is signed in, theme, navigation customisation, sign-out. */
export function AccountMenu({ onCustomizeNavigation }: { onCustomizeNavigation: () => void }) {
  const styles = useStyles();
  const { me } = useSession();
  const { theme, setTheme } = useTheme();
  const updatePreferences = useUpdatePreferences();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const end = async (everywhere: boolean): Promise<void> => {
    try {
      await (everywhere ? signOutEverywhere() : signOut());
    } finally {
      setCsrfToken(undefined);
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
      await navigate('/sign-in', { replace: true });
    }
  };

  return (
    <Menu
      checkedValues={{ theme: theme === 'dark' ? ['dark'] : [] }}
      onCheckedValueChange={(_, d) => {
        const next = d.checkedItems.includes('dark') ? 'dark' : 'light';
        setTheme(next);
        updatePreferences.mutate({ theme: next });
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="transparent" className={styles.trigger} icon={<Avatar name={me.displayName} size={28} color="neutral" aria-hidden />} title="Account menu">
          {me.displayName}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroup>
            <MenuGroupHeader>Signed in as</MenuGroupHeader>
            <div className={styles.who}>
              <span>{me.displayName}</span>
              <span className={styles.email}>{me.email}</span>
              <span className={styles.email}>{me.roles.map((r) => r.name).join(', ') || 'No role'}</span>
            </div>
          </MenuGroup>
          <MenuDivider />
          <MenuItemSwitch name="theme" value="dark" icon={<WeatherMoonRegular />}>
            Dark theme
          </MenuItemSwitch>
          <MenuItem icon={<NavigationRegular />} onClick={onCustomizeNavigation}>
            Customize navigation
          </MenuItem>
          <MenuItem icon={<KeyRegular />} onClick={() => void navigate('/settings')}>
            Account settings
          </MenuItem>
          <MenuDivider />
          <MenuItem icon={<SignOutRegular />} onClick={() => void end(false)}>
            Sign out
          </MenuItem>
          <MenuItem icon={<SignOutRegular />} onClick={() => void end(true)}>
            Sign out everywhere
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
