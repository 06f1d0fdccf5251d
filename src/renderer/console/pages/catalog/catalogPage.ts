import type { PageDefinition } from '../pageTypes';
import { Catalog } from './Catalog';

export const catalogPage: PageDefinition = {
  path: 'catalog',
  title: { id: 'Katalog', en: 'Catalog' },
  roles: ['admin', 'technician'],
  component: Catalog,
};
