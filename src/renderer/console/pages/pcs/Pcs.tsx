import type { PageProps } from '../pageTypes';

export function Pcs(_props: PageProps) {
  return <section />;
}
