-- Where the training data version came from (data-service's source, parents, message): carried into the lineage.
alter table training_run add column data_origin text;
