-- 0006_audit_entry_indexes: entries cost the chain one append and nothing more.
-- Entry records (the bulk of the log) are searched through entry_events, so the secondary
-- indexes of audit_records now leave them out (partial indexes), and entry_events loses its
-- grant index (no query looks events up by grant; retention goes by audit sequence). Measured
-- with the audit benchmark (docs/audit.md).

DROP INDEX ix_audit_records_recorded_at;
DROP INDEX ix_audit_records_site_id;
DROP INDEX ix_audit_records_category;
CREATE INDEX ix_audit_records_recorded_at ON audit_records (recorded_at) WHERE category <> 'Entry';
CREATE INDEX ix_audit_records_site_id ON audit_records (site_id) WHERE category <> 'Entry';
CREATE INDEX ix_audit_records_category ON audit_records (category) WHERE category <> 'Entry';

DROP INDEX ix_entry_events_grant_id;
