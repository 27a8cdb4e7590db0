import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, MessageBar, MessageBarBody, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, ArrowResetRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/client.ts';
import { usePreferences, useUpdatePreferences } from '../../app/preferences.ts';
import { useSession } from '../auth/session.tsx';
import { allowedCards, shownCards } from './cards.tsx';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  spacer: { flexGrow: 1 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: tokens.spacingHorizontalL, marginTop: tokens.spacingVerticalL },
});

export function HomePage() {
  const styles = useStyles();
  const session = useSession();
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const saved = preferences.data?.homeCards;
  const shown = shownCards(session.permissions, saved);
  const addable = allowedCards(session.permissions).filter((c) => !shown.includes(c));
  const ids = shown.map((c) => c.id);
  const save = (homeCards: string[]): void => update.mutate({ homeCards });
  const move = (index: number, delta: number): void => {
    const next = [...ids];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + delta, 0, moved);
    save(next);
  };

  return (
    <section aria-labelledby="home-title">
      <div className={styles.header}>
        <Title2 as="h1" id="home-title">
          Home
        </Title2>
        <span className={styles.spacer} />
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button icon={<AddRegular />} disabled={addable.length === 0}>
              Add cards
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {addable.map((c) => (
                <MenuItem key={c.id} onClick={() => save([...ids, c.id])}>
                  {c.title}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
        <Button icon={<ArrowResetRegular />} disabled={saved == null} onClick={() => update.mutate({ homeCards: null })}>
          Reset cards
        </Button>
      </div>
      {update.isError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>Could not save your cards: {errorMessage(update.error)}</MessageBarBody>
        </MessageBar>
      )}
      {shown.length === 0 && <Text as="p">You removed every card. Use “Add cards” to bring some back.</Text>}
      <div className={styles.grid}>
        {shown.map((card, index) => (
          <card.component
            key={card.id}
            controls={{
              onMoveUp: index > 0 ? () => move(index, -1) : undefined,
              onMoveDown: index < shown.length - 1 ? () => move(index, 1) : undefined,
              onRemove: () => save(ids.filter((id) => id !== card.id)),
            }}
          />
        ))}
      </div>
    </section>
  );
}
