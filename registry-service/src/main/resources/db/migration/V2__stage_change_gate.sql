-- How the production gate's regression rule compared a version entering production (same rows or recorded figures).
alter table stage_change add column gate text;
