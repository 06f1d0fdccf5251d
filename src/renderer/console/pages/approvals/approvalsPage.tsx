import type { PageDefinition } from '../pageTypes';
import { Approvals } from './Approvals';

export const approvalsPage: PageDefinition = {
  path: 'approvals',
  title: { id: 'Persetujuan', en: 'Approvals' },
  roles: ['team_lead'],
  component: Approvals,
};
