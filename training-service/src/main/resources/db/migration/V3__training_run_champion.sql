-- The production version measured on the run's held-out rows (Champion as JSON), or why none was.
alter table training_run add column champion text;
