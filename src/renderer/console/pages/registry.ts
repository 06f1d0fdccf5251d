/**
 * Every console page, one line each: the shell builds the navigation (filtered by role) and the hash routes from this
 * list. Part B of issue 7 adds its pages here (one import and one line per page).
 */
import type { PageDefinition } from './pageTypes';
import { dashboardPage } from './dashboard/dashboardPage';
import { queuePage, ticketPage } from './queue/queuePage';
import { approvalsPage } from './approvals/approvalsPage';
import { pcsPage } from './pcs/pcsPage';
import { catalogPage } from './catalog/catalogPage';
import { jobsPage } from './jobs/jobsPage';
import { reportsPage } from './reports/reportsPage';
import { auditPage } from './audit/auditPage';
import { usersPage } from './users/usersPage';
import { enrollmentPage } from './enrollment/enrollmentPage';

export const pages: PageDefinition[] = [
  dashboardPage,
  queuePage,
  ticketPage,
  approvalsPage,
  pcsPage,
  catalogPage,
  jobsPage,
  reportsPage,
  auditPage,
  usersPage,
  enrollmentPage,
];
