import type { PageDefinition, PageProps } from '../pageTypes';
import { Pcs } from './Pcs';
import { PcDetail } from './PcDetail';

/** `#/pcs` lists every PC; `#/pcs/<agentId>` is one PC's page. */
function PcsRoute(props: PageProps) {
  return props.params[0] ? <PcDetail {...props} /> : <Pcs {...props} />;
}

export const pcsPage: PageDefinition = {
  path: 'pcs',
  title: { id: 'PC', en: 'PCs' },
  roles: ['admin', 'technician'],
  component: PcsRoute,
};
