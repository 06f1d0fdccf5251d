import type { PageDefinition } from '../pageTypes';
import { Pcs } from './Pcs';
import { PcDetail } from './PcDetail';

export const pcsPage: PageDefinition = {
  path: 'pcs',
  title: { id: 'PC', en: 'PCs' },
  roles: ['admin', 'technician'],
  component: Pcs,
};

/** `#/pcs/<agentId>`: one PC. */
export const pcPage: PageDefinition = {
  path: 'pc',
  title: { id: 'PC', en: 'PC' },
  roles: ['admin', 'technician'],
  component: PcDetail,
  inNav: false,
};
