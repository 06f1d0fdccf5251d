import type { PageDefinition } from '../pageTypes';
import { Users } from './Users';

export const usersPage: PageDefinition = {
  path: 'users',
  title: { id: 'Pengguna', en: 'Users' },
  roles: ['admin'],
  component: Users,
};
