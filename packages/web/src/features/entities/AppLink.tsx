import { Link as RouterLink } from 'react-router';
import type { LinkProps } from 'react-router';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
    ':active': { color: tokens.colorBrandForegroundLinkPressed },
  },
});

/** An in-app link in the theme's link colours (a bare <a> keeps the browser's blue, unreadable on the dark theme). */
export function AppLink({ className, ...props }: LinkProps) {
  const styles = useStyles();
  return <RouterLink {...props} className={mergeClasses(styles.link, typeof className === 'string' ? className : undefined)} />;
}
