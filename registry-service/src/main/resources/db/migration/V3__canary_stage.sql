-- The canary stage: one holder per model, answering a share (its traffic weight, in percent) of production's requests.
alter table model_version drop constraint model_version_stage_check;
alter table model_version add constraint model_version_stage_check
    check (stage in ('none', 'staging', 'canary', 'production', 'archived'));
alter table model_version add column traffic_weight integer
    check (traffic_weight between 0 and 100);
alter table model_version add constraint model_version_weight_only_canary
    check ((stage = 'canary') = (traffic_weight is not null));

drop index model_version_one_holder;
create unique index model_version_one_holder on model_version (model, stage)
    where stage in ('staging', 'canary', 'production');

-- The weight a change into (or within) canary set.
alter table stage_change add column traffic_weight integer;
