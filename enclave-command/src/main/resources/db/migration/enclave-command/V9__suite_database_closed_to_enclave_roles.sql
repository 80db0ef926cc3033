-- The roles the database provisioner makes for enclaves and their tentacles (each marked
-- 'enclave-suite:enclave=<name>') must not connect to the suite's own database. PostgreSQL lets PUBLIC connect to
-- every new database and cannot deny a privilege to one role alone, so PUBLIC's CONNECT is revoked; every other login
-- role keeps it through a grant of its own. The provisioner does the same whenever it makes a role; this closes the
-- database at once on upgrade, before any tentacle is applied again. A service role that may not change the
-- database's privileges (neither its owner nor a superuser) changes nothing, and a notice says so.
DO $$
DECLARE
    login_role text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = current_database() AND pg_has_role(datdba, 'USAGE')) THEN
        RAISE NOTICE 'not allowed to change database %: CONNECT stays granted to PUBLIC', current_database();
        RETURN;
    END IF;
    FOR login_role IN
        SELECT rolname FROM pg_roles
        WHERE rolcanlogin AND coalesce(shobj_description(oid, 'pg_authid'), '') NOT LIKE 'enclave-suite:enclave=%'
    LOOP
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), login_role);
    END LOOP;
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
