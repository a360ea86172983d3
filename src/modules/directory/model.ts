/** The directory's records, on the Open Referral UK model (one organisation runs services; a service has
 * areas, locations, taxonomy terms, contacts and schedules). */

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export interface DirectoryLocation {
  readonly name: string | null;
  readonly address1: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface DirectoryTerm {
  readonly taxonomy: string;
  readonly name: string;
}

export interface DirectoryContact {
  readonly name: string | null;
  readonly title: string | null;
}

export interface DirectorySchedule {
  readonly freq: 'WEEKLY' | 'MONTHLY' | null;
  readonly byday: string | null;
  readonly opensAt: string | null;
  readonly closesAt: string | null;
  readonly description: string | null;
}

export interface ServiceInput {
  readonly name: string;
  readonly description: string;
  readonly status: ServiceStatus;
  readonly email: string | null;
  readonly url: string | null;
  readonly minimumAge: number | null;
  readonly maximumAge: number | null;
  readonly capacity: number | null;
  /** Census categories the service is for; empty = everyone. */
  readonly serves: readonly string[];
  /** Ward codes of its service area; empty = the whole council. */
  readonly areas: readonly string[];
  readonly locations: readonly DirectoryLocation[];
  readonly terms: readonly DirectoryTerm[];
  readonly contacts: readonly DirectoryContact[];
  readonly schedules: readonly DirectorySchedule[];
}

export interface DirectoryService extends ServiceInput {
  readonly id: string;
  readonly organisationId: string;
  readonly lastModified: Date;
}

export interface OrganisationInput {
  readonly name: string;
  readonly description: string;
  readonly email: string | null;
  readonly website: string | null;
  readonly partnerOrganisationId: string | null;
}

export interface DirectoryOrganisation extends OrganisationInput {
  readonly id: string;
  readonly partnerName: string | null;
  readonly services: readonly DirectoryService[];
}

/** How served groups and capacity travel in Open Referral UK: attributes with these taxonomies. */
export const SERVED_GROUP_TAXONOMY = 'cohesion-observatory:served-group';
export const CAPACITY_TAXONOMY = 'cohesion-observatory:capacity';
/** Service areas are wards, named by the ONS linked-data URI of their GSS code. */
export const AREA_URI_PREFIX = 'http://statistics.data.gov.uk/id/statistical-geography/';
