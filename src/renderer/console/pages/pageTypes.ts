/**
 * What a console page declares: where it lives (a hash route), its title in both languages, who may open it (the
 * navigation shows it only to these roles; the server refuses the API to everyone else anyway) and its component.
 * Pages are listed in pages/registry.ts — one line each.
 */
import type { ComponentType } from 'preact';
import type { Role } from '../../../shared/roles';
import type { ApiClient } from '../app/api';
import type { Language } from '../../ui/language';

/** The logged-in person, as GET /api/v1/auth/me tells. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
}

export interface PageProps {
  api: ApiClient;
  me: Me;
  lang: Language;
  /** Route parameters after the page's path, e.g. `#/pcs/<id>` → ['<id>']. */
  params: string[];
  navigate(hash: string): void;
}

export interface PageDefinition {
  /** e.g. 'queue' for `#/queue` */
  path: string;
  title: { id: string; en: string };
  roles: readonly Role[];
  component: ComponentType<PageProps>;
  /** Shown in the navigation (detail pages are not). @default true */
  inNav?: boolean;
}
