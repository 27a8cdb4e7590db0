import type { ReactElement } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { RequireSession, UnauthorizedListener, useSession } from '../features/auth/session.tsx';
import type { Permission } from '../api/permissions.ts';
import { Shell } from './Shell.tsx';
import { navigation } from './navigation.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ForbiddenPage } from './ForbiddenPage.tsx';
import { ThemeProvider } from './theme.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/** A screen's route: the screen when the person holds its permission, otherwise a page saying so. */
function Guard({ permission, element }: { permission: Permission | null; element: ReactElement }) {
  const session = useSession();
  if (permission && !session.can(permission)) return <ForbiddenPage permission={permission} />;
  return element;
}

export function App() {
  return (
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <UnauthorizedListener />
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route
              element={
                <RequireSession>
                  <Shell />
                </RequireSession>
              }
            >
              {navigation.flatMap((item) => [
                <Route key={item.path} path={item.path} element={<Guard permission={item.permission} element={item.element} />} />,
                ...(item.routes ?? []).map((r) => <Route key={r.path} path={r.path} element={<Guard permission={item.permission} element={r.element} />} />),
              ])}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
