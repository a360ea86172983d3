/** The shapes of the plans module's rows, as the repository returns them. */
import type { ActionStatus, Direction, MeasureStatus, Rag } from '../rules.ts';

export interface PlanRow {
  id: string;
  title: string;
  period_start: string;
  period_end: string;
  status: 'draft' | 'active' | 'closed';
  version: number;
  published: boolean;
  copied_from: string | null;
  updated_at: Date;
}

export interface DomainRow {
  id: string;
  plan_id: string;
  title: string;
  description: string;
  position: number;
}

export interface OutcomeRow {
  id: string;
  plan_id: string;
  domain_id: string;
  title: string;
  description: string;
  position: number;
}

export interface MeasureRow {
  id: string;
  plan_id: string;
  outcome_id: string;
  indicator_code: string;
  area_codes: string[];
  cluster_id: string | null;
  baseline_period: string;
  baseline_value: number;
  target_value: number;
  target_date: string;
  direction: Direction;
  override_status: MeasureStatus | null;
  override_reason: string | null;
  override_at: Date | null;
}

export interface ActionRow {
  id: string;
  plan_id: string;
  outcome_id: string;
  reference: string;
  title: string;
  description: string;
  owner_user_id: string | null;
  owner_name: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  lead_officer: string;
  area_codes: string[];
  start_on: string | null;
  due_on: string | null;
  budget: number | null;
  status: ActionStatus;
  rag: Rag | null;
  rag_reason: string;
  progress: number;
  weight: number;
  signal_kind: string | null;
  signal_id: string | null;
  completed_on: string | null;
  updated_at: Date;
}

export interface MilestoneRow {
  id: string;
  action_id: string;
  title: string;
  due_on: string | null;
  done_on: string | null;
}

export interface UpdateRow {
  id: string;
  action_id: string;
  user_name: string | null;
  note: string;
  status: ActionStatus;
  rag: Rag | null;
  progress: number;
  created_at: Date;
}

export interface ClusterRow {
  id: string;
  name: string;
  ward_codes: string[];
}

export interface ChangeRow {
  version: number;
  record_type: string;
  record_id: string;
  change: string;
  user_name: string | null;
  created_at: Date;
}
