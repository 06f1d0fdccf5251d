import type { PageDefinition } from '../pageTypes';
import { Jobs } from './Jobs';

export const jobsPage: PageDefinition = {
  path: 'jobs',
  title: { id: 'Pekerjaan', en: 'Jobs' },
  roles: ['admin', 'technician'],
  component: Jobs,
};
