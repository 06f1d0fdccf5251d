import type { PageProps } from '../pageTypes';

export function PcDetail(_props: PageProps) {
  return <section />;
}
