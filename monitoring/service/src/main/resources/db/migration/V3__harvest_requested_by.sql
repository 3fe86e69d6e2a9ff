-- Who asked for a harvest (issue 20): the verified token's actor of a manual harvest; null for the policy's own.
alter table monitoring_harvest add column requested_by text;
