import type { PageProps } from '../pageTypes';

export function Queue(_props: PageProps) {
  return <section />;
}
