import type { ReactNode } from 'react';
import { Button, Card, CardHeader, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular, DismissRegular, MoreHorizontalRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  card: { minHeight: '180px' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export interface CardControls {
  onMoveUp?: (() => void) | undefined;
  onMoveDown?: (() => void) | undefined;
  onRemove: () => void;
}

/** The frame every home card shares: title, a menu to move or remove it, the body, and a link to its screen. */
export function CardFrame({ id, title, controls, children, footer }: { id: string; title: string; controls: CardControls; children: ReactNode; footer?: ReactNode }) {
  const styles = useStyles();
  const titleId = `home-card-${id}`;
  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId}>
      <CardHeader
        header={
          <Text as="h2" id={titleId} weight="semibold" size={400} style={{ margin: 0 }}>
            {title}
          </Text>
        }
        action={
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="transparent" icon={<MoreHorizontalRegular />} aria-label={`Options for ${title}`} />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem icon={<ArrowUpRegular />} disabled={!controls.onMoveUp} onClick={() => controls.onMoveUp?.()}>
                  Move earlier
                </MenuItem>
                <MenuItem icon={<ArrowDownRegular />} disabled={!controls.onMoveDown} onClick={() => controls.onMoveDown?.()}>
                  Move later
                </MenuItem>
                <MenuItem icon={<DismissRegular />} onClick={controls.onRemove}>
                  Remove card
                </MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        }
      />
      <div className={styles.body}>{children}</div>
      {footer}
    </Card>
  );
}
