import { Link } from 'react-router';
import { Body1, Title2 } from '@fluentui/react-components';
import type { Permission } from '../api/permissions.ts';

export function ForbiddenPage({ permission }: { permission: Permission }) {
  return (
    <section aria-labelledby="forbidden-title">
      <Title2 as="h1" id="forbidden-title">
        You do not have access to this page
      </Title2>
      <Body1 as="p">
        It needs the <code>{permission}</code> permission, which none of your roles grants. Ask an administrator, or{' '}
        <Link to="/">go to Home</Link>.
      </Body1>
    </section>
  );
}
