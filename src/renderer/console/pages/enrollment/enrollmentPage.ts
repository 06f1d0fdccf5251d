import type { PageDefinition } from '../pageTypes';
import { Enrollment } from './Enrollment';

export const enrollmentPage: PageDefinition = {
  path: 'enrollment',
  title: { id: 'Pendaftaran PC', en: 'Enrollment' },
  roles: ['admin'],
  component: Enrollment,
};
