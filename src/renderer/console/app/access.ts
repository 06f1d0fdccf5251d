/** Which pages a person may open: those whose roles meet theirs. The server refuses the API to the others anyway. */
import type { Role } from '../../../shared/roles';
import type { PageDefinition } from '../pages/pageTypes';

export function mayOpen(page: PageDefinition, roles: readonly Role[]): boolean {
  return page.roles.some((r) => roles.includes(r));
}

export function navPages(pages: readonly PageDefinition[], roles: readonly Role[]): PageDefinition[] {
  return pages.filter((p) => p.inNav !== false && mayOpen(p, roles));
}
