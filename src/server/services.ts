import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { createEmailSender, type EmailSender } from '../clients/email.ts';
import { AuditService } from '../modules/audit/service.ts';
import { AuthService } from '../modules/auth/service.ts';
import { AdminService } from '../modules/admin/service.ts';
import { CouncilsService } from '../modules/councils/service.ts';
import { GeographyService } from '../modules/geography/service.ts';

/** The service layer, built once per process and shared by routes, the CLI and jobs. */
export interface Services {
  audit: AuditService;
  auth: AuthService;
  admin: AdminService;
  councils: CouncilsService;
  geography: GeographyService;
  email: EmailSender;
}

export function createServices(db: Db, config: Config, overrides: Partial<Services> = {}): Services {
  const email = overrides.email ?? createEmailSender(config);
  const audit = new AuditService(db);
  return {
    audit,
    auth: new AuthService(db, config, audit),
    admin: new AdminService(db, config, audit, email),
    councils: new CouncilsService(db),
    geography: new GeographyService(db, audit),
    email,
    ...overrides,
  };
}
