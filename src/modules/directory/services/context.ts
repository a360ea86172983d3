/** What the directory's services share: the database, audit, and the public services of the modules it reads. */
import type { Db } from '../../../db/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { AdminService } from '../../admin/index.ts';
import type { GeographyService } from '../../geography/index.ts';
import type { InsightServices } from '../../insight/index.ts';

export interface DirectoryContext {
  readonly db: Db;
  readonly audit: AuditService;
  readonly geography: GeographyService;
  readonly insight: Pick<InsightServices, 'segregation'>;
  readonly admin: Pick<AdminService, 'organisations'>;
  readonly clock: () => Date;
}
