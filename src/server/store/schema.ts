/** Table types of the server's store, shared by the SQLite and PostgreSQL dialects. Times are epoch milliseconds. */
import type { ColumnType, Generated } from 'kysely';
import type { JobDatabase } from './jobTables';
import type { PeopleDatabase } from './peopleTables';
import type { TicketDatabase } from './ticketTables';
import type { AuditDatabase } from './auditTables';
import type { PeopleExtraDatabase } from './peopleExtraTables';
import type { PushRequestDatabase } from './pushRequestTables';
import type { OidcLinkDatabase } from './oidcLinkTables';
import type { AgentReleaseDatabase } from './agentReleaseTables';
import type { AgentFilterColumns } from './pcFilterTables';
import type { ProgramRowsDatabase } from './programRowsTables';
import type { EnrollTokenUsageColumns } from './enrollTokenUsageTables';
import type { PushRequestBatchDatabase } from './pushRequestBatchTables';
import type { TrayRequestDatabase } from './trayRequestTables';

export interface EnrollTokensTable extends EnrollTokenUsageColumns {
  id: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  uses_allowed: number | null;
  uses: number;
  revoked_at: number | null;
  note: string | null;
}

/** An enrolled PC; the columns the PC list filters on are declared with their migration (pcFilterTables.ts). */
export interface AgentsTable extends AgentFilterColumns {
  id: string;
  machine_id: string;
  hostname: string;
  secret_hash: string;
  enroll_token_id: string | null;
  enrolled_at: number;
  revoked_at: number | null;
  online: number;
  last_seen_at: number | null;
  connected_at: number | null;
  disconnected_at: number | null;
  agent_version: string | null;
  inventory_hash: string | null;
  inventory_updated_at: number | null;
  last_metrics: string | null;
  last_metrics_at: number | null;
  /** JSON: AgentSummary, derived from the latest inventory. */
  summary: string | null;
}

export interface InventorySectionsTable {
  agent_id: string;
  section: string;
  hash: string;
  /** The section's JSON, or '' when `data_deflated` holds it (sectionData.ts). */
  data: string;
  /** Migration 0022: the JSON of a large section, deflated. */
  data_deflated: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  /** Migration 0025: the software section's programs as the history's diff reads them, deflated (prepareInventory.ts). */
  identities_deflated: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  updated_at: number;
}

export interface InventoryHistoryTable {
  id: Generated<number>;
  agent_id: string;
  recorded_at: number;
  inventory_hash: string;
  /** JSON: InventoryChange[] */
  changes: string;
}

export interface MetricsSamplesTable {
  agent_id: string;
  sampled_at: number;
  received_at: number;
  data: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  role: string;
  name: string | null;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  /** The person the token acts for, if any. */
  user_id?: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ServerSettingsTable {
  key: string;
  value: string;
}

/** An installer in the software repository, stored at `<dataDir>/repository/<aa>/<sha256>`. */
export interface ArtifactsTable {
  sha256: string;
  size: number;
  file_name: string;
  content_type: string;
  uploaded_at: number;
  /** The API token (principal id) that uploaded it. */
  uploaded_by: string | null;
}

export interface CatalogItemsTable {
  id: string;
  name: string;
  /** `lower(trimmed name) + U+001F + version`, unique: one item per name and version. */
  name_key: string;
  publisher: string;
  version: string;
  category: string;
  /** A small `data:image/…` URL or the SHA-256 of an image in the repository. */
  icon: string | null;
  description_id: string;
  description_en: string;
  /** Null: unlimited. */
  licence_seats: number | null;
  /** JSON: Requirements */
  requirements: string;
  created_at: number;
  updated_at: number;
}

export interface CatalogVariantsTable {
  id: string;
  item_id: string;
  /** The admin's order of preference. */
  position: number;
  os: string;
  kind: string;
  artifact_sha256: string | null;
  /** JSON: InstallerVariant */
  variant: string;
}

export interface Database extends JobDatabase, PeopleDatabase, PeopleExtraDatabase, TicketDatabase, AuditDatabase, PushRequestDatabase, OidcLinkDatabase, ProgramRowsDatabase, AgentReleaseDatabase, PushRequestBatchDatabase, TrayRequestDatabase {
  enroll_tokens: EnrollTokensTable;
  agents: AgentsTable;
  inventory_sections: InventorySectionsTable;
  inventory_history: InventoryHistoryTable;
  metrics_samples: MetricsSamplesTable;
  api_tokens: ApiTokensTable;
  server_settings: ServerSettingsTable;
  artifacts: ArtifactsTable;
  catalog_items: CatalogItemsTable;
  catalog_variants: CatalogVariantsTable;
}
