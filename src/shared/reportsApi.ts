/**
 * The SOP reports (/api/v1/reports): per SOP step, how long the steps took against their standard (*Mutu Baku*) and
 * how often they ran over, by month (the office's calendar months, in its zone: Asia/Jakarta, WIB, unless the server is set to another) and/or by technician.
 * Declared once for types and the OpenAPI document.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ReportGroupings = ['month', 'technician'] as const;
export type ReportGrouping = (typeof ReportGroupings)[number];

/** The office's IANA zone (GET /api/v1/sop `officeTime.timeZone`): months are its calendar months. */
const OfficeZone = Type.String({ minLength: 1, description: "the office's IANA time zone the months are counted in, e.g. Asia/Jakarta" });

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: "YYYY-MM, a calendar month in the office's zone" });
const Millis = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

export const StepStatsSchema = Type.Object({
  step: Type.Integer({ minimum: 1, maximum: 6 }),
  key: Type.String(),
  name: Type.Object({ id: Type.String(), en: Type.String() }),
  standardMinutes: Type.Object({ min: Type.Number(), max: Type.Number() }),
  /** Intervals that ended in the period (by start), whose active time is measured. */
  count: Type.Integer({ minimum: 0 }),
  /** Median and 90th percentile of active time (paused time excluded), linear interpolation; null without intervals. */
  medianMs: Millis,
  p90Ms: Millis,
  /** Ended intervals that ran over their standard. */
  breached: Type.Integer({ minimum: 0 }),
  /** Intervals still open (the ticket is in this step now). */
  open: Type.Integer({ minimum: 0 }),
  /** Open intervals already past their standard. */
  openBreached: Type.Integer({ minimum: 0 }),
});
export type StepStats = Static<typeof StepStatsSchema>;

export const StepReportGroupSchema = Type.Object({
  /** Present when grouped by month. */
  month: Type.Optional(Month),
  /** Present when grouped by technician; null for intervals without one (steps 1, 2 and 6 usually). */
  technicianId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  technicianName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** All six steps, in order, zero-filled. */
  steps: Type.Array(StepStatsSchema),
});
export type StepReportGroup = Static<typeof StepReportGroupSchema>;

export const StepReportSchema = Type.Object({
  from: Month,
  to: Month,
  timeZone: OfficeZone,
  groupBy: Type.Array(Type.Union(ReportGroupings.map((g) => Type.Literal(g)))),
  /** When the report was computed (UTC): open intervals are measured up to then. */
  generatedAt: Type.String({ format: 'date-time' }),
  groups: Type.Array(StepReportGroupSchema),
});
export type StepReport = Static<typeof StepReportSchema>;

export const BreachSchema = Type.Object({
  intervalId: Type.Integer(),
  ticketId: Type.String(),
  /** The work order number; null if the ticket never got one. */
  ticketNumber: Type.Union([Type.String(), Type.Null()]),
  itemName: Type.String(),
  step: Type.Integer({ minimum: 1, maximum: 6 }),
  stepKey: Type.String(),
  stepName: Type.Object({ id: Type.String(), en: Type.String() }),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Active time: final for ended intervals, up to now for open ones. */
  activeMs: Type.Integer({ minimum: 0 }),
  standardMs: Type.Integer({ minimum: 0 }),
  overMs: Type.Integer({ minimum: 0 }),
  /** When the breach was flagged, if it was. */
  breachedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  open: Type.Boolean(),
  technicianId: Type.Union([Type.String(), Type.Null()]),
  technicianName: Type.Union([Type.String(), Type.Null()]),
});
export type Breach = Static<typeof BreachSchema>;

export const BreachListSchema = Type.Object({
  month: Month,
  timeZone: OfficeZone,
  items: Type.Array(BreachSchema),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: Type.Union([Type.Integer(), Type.Null()]),
});
export type BreachList = Static<typeof BreachListSchema>;
