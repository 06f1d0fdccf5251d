/**
 * The office's time zone in the console: read once from the server after login (GET /api/v1/sop `officeTime`) and
 * given to every page through a context, so that each page writes office times with `useOfficeTime(lang)`.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { DEFAULT_OFFICE_TIME, type OfficeTime } from '../../../shared/officeTime';
import type { Language } from '../../ui/language';
import { formatOfficeTime } from '../../ui/officeTime';
import type { ApiClient } from './api';

export const OfficeTimeContext = createContext<OfficeTime>(DEFAULT_OFFICE_TIME);

/**
 * The server's office time once signed in; null while it is being read. A failed read keeps the default (WIB), the
 * zone the server itself uses when it is not set otherwise.
 */
export function useServerOfficeTime(api: ApiClient, signedIn: boolean): OfficeTime | null {
  const [office, setOffice] = useState<OfficeTime | null>(null);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    api
      .get<{ officeTime?: OfficeTime }>('/api/v1/sop')
      .then((sop) => live && setOffice(sop.officeTime ?? DEFAULT_OFFICE_TIME))
      .catch(() => live && setOffice(DEFAULT_OFFICE_TIME));
    return () => {
      live = false;
    };
  }, [api, signedIn]);
  return office;
}

/** Formats a time in the office's zone, with its label: `const at = useOfficeTime(lang); at(ticket.createdAt)`. */
export function useOfficeTime(lang: Language): (at: number | string | null | undefined) => string {
  const office = useContext(OfficeTimeContext);
  return (at) => formatOfficeTime(at, lang, office);
}
