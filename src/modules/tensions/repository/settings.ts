/** SQL: the council's tension monitoring settings. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';

export interface SettingsRow {
  council_id: string;
  contact_hours: number;
  senior_contact_days: number;
  alert_level: number;
  heightened_alert_level: number;
  suppression_threshold: number;
  retention_months: number;
  monitoring_group: string;
  assisted_reporting: boolean;
  updated_at: Date;
}

const SETTINGS_COLS =
  'council_id, contact_hours, senior_contact_days, alert_level, heightened_alert_level, suppression_threshold, retention_months, monitoring_group, assisted_reporting, updated_at';

/** The column defaults of tension_settings (migration 0005): a council that never saved settings has these. */
export const DEFAULT_SETTINGS: Omit<SettingsRow, 'council_id' | 'updated_at'> = {
  contact_hours: 24,
  senior_contact_days: 7,
  alert_level: 4,
  heightened_alert_level: 3,
  suppression_threshold: 5,
  retention_months: 24,
  monitoring_group: '',
  assisted_reporting: true,
};

/** The council's settings, or the defaults when it has none stored. Reads only. */
export async function getSettings(q: Queryable, councilId: string): Promise<SettingsRow> {
  const row = await one<SettingsRow>(q, `select ${SETTINGS_COLS} from tension_settings where council_id = $1`, [
    councilId,
  ]);
  return row ?? { council_id: councilId, ...DEFAULT_SETTINGS, updated_at: new Date(0) };
}

export async function hasSettings(q: Queryable, councilId: string): Promise<boolean> {
  return !!(await one(q, 'select 1 from tension_settings where council_id = $1', [councilId]));
}

export type SettingsInput = Omit<SettingsRow, 'council_id' | 'updated_at'>;

export async function saveSettings(q: Queryable, councilId: string, s: SettingsInput): Promise<void> {
  await q.query(
    `insert into tension_settings (council_id, contact_hours, senior_contact_days, alert_level, heightened_alert_level, suppression_threshold, retention_months, monitoring_group, assisted_reporting, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     on conflict (council_id) do update set contact_hours = excluded.contact_hours, senior_contact_days = excluded.senior_contact_days,
       alert_level = excluded.alert_level, heightened_alert_level = excluded.heightened_alert_level,
       suppression_threshold = excluded.suppression_threshold, retention_months = excluded.retention_months,
       monitoring_group = excluded.monitoring_group, assisted_reporting = excluded.assisted_reporting, updated_at = now()`,
    [
      councilId,
      s.contact_hours,
      s.senior_contact_days,
      s.alert_level,
      s.heightened_alert_level,
      s.suppression_threshold,
      s.retention_months,
      s.monitoring_group,
      s.assisted_reporting,
    ],
  );
}
