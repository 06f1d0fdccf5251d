import type { PageDefinition } from '../pageTypes';
import { Reports } from './Reports';

export const reportsPage: PageDefinition = {
  path: 'reports',
  title: { id: 'Laporan', en: 'Reports' },
  roles: ['admin', 'technician'],
  component: Reports,
};
