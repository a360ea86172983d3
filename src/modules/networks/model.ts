/** Network studies and their pseudonymous nodes. */

export interface Study {
  readonly id: string;
  readonly name: string;
  readonly areaCode: string | null;
  readonly areaName: string | null;
  readonly description: string;
  readonly attributes: readonly string[];
  readonly nodes: number;
  readonly ties: number;
  readonly duplicateTies: number;
  readonly selfTies: number;
  readonly importedAt: Date | null;
}

export interface StudyInput {
  readonly name: string;
  readonly areaCode: string | null;
  readonly description: string;
}

export interface StoredNode {
  readonly code: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface StoredTie {
  readonly from: string;
  readonly to: string;
  readonly relationship: string | null;
}

/** Column names refused in a node file: they would hold direct identifiers. */
export const IDENTIFYING_COLUMNS = [
  'name',
  'first_name',
  'firstname',
  'last_name',
  'lastname',
  'surname',
  'full_name',
  'fullname',
  'email',
  'email_address',
  'phone',
  'telephone',
  'mobile',
  'address',
  'postcode',
  'post_code',
  'date_of_birth',
  'dob',
  'nhs_number',
  'ni_number',
] as const;

export const MAX_NODES = 5000;
export const MAX_TIES = 25000;
export const MAX_ATTRIBUTES = 8;
/** Counts below this are shown as "fewer than 3" in aggregate views. */
export const SMALL_COUNT = 3;
