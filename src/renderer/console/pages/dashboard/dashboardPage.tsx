import type { PageDefinition } from '../pageTypes';
import { Dashboard } from './Dashboard';

export const dashboardPage: PageDefinition = {
  path: 'dashboard',
  title: { id: 'Dasbor', en: 'Dashboard' },
  roles: ['admin', 'technician'],
  component: Dashboard,
};
