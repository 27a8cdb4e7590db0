import { Link } from 'react-router';
import { Title2, Body1 } from '@fluentui/react-components';

export function NotFoundPage() {
  return (
    <section aria-labelledby="nf-title">
      <Title2 as="h1" id="nf-title">
        Page not found
      </Title2>
      <Body1 as="p">
        This page does not exist. <Link to="/">Go to Home</Link>.
      </Body1>
    </section>
  );
}
