import type { PageDefinition } from '../pageTypes';
import { Audit } from './Audit';

export const auditPage: PageDefinition = {
  path: 'audit',
  title: { id: 'Audit', en: 'Audit' },
  roles: ['admin'],
  component: Audit,
};
