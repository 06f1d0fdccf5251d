import type { PageProps } from '../pageTypes';

export function Approvals(_props: PageProps) {
  return <section />;
}
