-- What an accepted command answers besides "yes", as a JSON object of strings (enclave-command added it in its V5).
ALTER TABLE processed_command ADD COLUMN details JSONB;
