-- Who registered each version (issue 20): the actor of the registration's bearer token.
ALTER TABLE model_version ADD COLUMN registered_by TEXT;
