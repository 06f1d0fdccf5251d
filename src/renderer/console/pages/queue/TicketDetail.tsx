import type { PageProps } from '../pageTypes';

export function TicketDetail(_props: PageProps) {
  return <section />;
}
