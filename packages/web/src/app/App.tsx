import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Shell } from './Shell.tsx';
import { navigation } from './navigation.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

export function App() {
  return (
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<Shell />}>
              {navigation.flatMap((item) => [
                <Route key={item.path} path={item.path} element={item.element} />,
                ...(item.routes ?? []).map((r) => <Route key={r.path} path={r.path} element={r.element} />),
              ])}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </FluentProvider>
  );
}
