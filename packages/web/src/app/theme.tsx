import { createContext, useContext, useState } from 'react';
import type { ReactNode } from 'react';
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';

export type ThemeName = 'light' | 'dark';
const storageKey = 'palisade.theme';

interface ThemeState {
  theme: ThemeName;
  setTheme: (theme: ThemeName) => void;
}

const ThemeContext = createContext<ThemeState>({ theme: 'light', setTheme: () => undefined });

export const useTheme = (): ThemeState => useContext(ThemeContext);

function initialTheme(): ThemeName {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage unavailable: fall through to the system preference
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Fluent's light or dark theme; remembered in this browser and (by the account menu) in the person's preferences. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setThemeState] = useState<ThemeName>(initialTheme);
  const setTheme = (next: ThemeName): void => {
    setThemeState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // not remembered locally; the server-side preference still is
    }
  };
  return (
    <ThemeContext.Provider value={{ theme, setTheme }}>
      <FluentProvider theme={theme === 'dark' ? webDarkTheme : webLightTheme} style={{ height: '100%' }}>
        {children}
      </FluentProvider>
    </ThemeContext.Provider>
  );
}
