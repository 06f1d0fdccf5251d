/**
 * The office's clock: the IANA zone its people work in and the label written after a time. The server says which
 * (GET /api/v1/sop, from its work-order time settings) and the console writes every office time in it, whatever zone
 * the browser's PC is set to. The default is BPS Provinsi Bengkulu's: WIB, UTC+7 all year.
 */
import { Type, type Static } from '@sinclair/typebox';

export const OfficeTimeSchema = Type.Object({
  /** e.g. 'Asia/Jakarta' */
  timeZone: Type.String({ minLength: 1 }),
  /** e.g. 'WIB' */
  zoneLabel: Type.String(),
});
export type OfficeTime = Static<typeof OfficeTimeSchema>;

export const DEFAULT_OFFICE_TIME: OfficeTime = { timeZone: 'Asia/Jakarta', zoneLabel: 'WIB' };
