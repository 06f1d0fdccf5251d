import type { PageProps } from '../pageTypes';

export function Dashboard(_props: PageProps) {
  return <section />;
}
