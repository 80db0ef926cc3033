package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared-database adapter against the real test PostgreSQL: each tentacle's credentials work in its own schema
 * and nowhere else, steps repeat harmlessly, and dropping leaves no database and no role behind. Roles are
 * server-wide, so every test uses enclave names of its own.
 */
class PostgresDatabaseProvisionerTest {

    /** Trust authentication (the embedded server) names the missing role; password authentication just fails. */
    private static final String ROLE_GONE = "(?s).*(does not exist|password authentication failed).*";

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private PostgresDatabaseProvisioner provisioner;
    private String adminUrl;
    /** The database the administrator connects to: in the suite, the suite's own. */
    private String suiteDatabase;
    private EnclaveId growth;
    private EnclaveId finance;
    private final TentacleName report = TentacleName.of("report");
    private final TentacleName api = TentacleName.of("api");

    @BeforeEach
    void setUp() {
        adminUrl = infrastructure.newDatabase();
        URI server = URI.create(adminUrl.substring("jdbc:".length()));
        suiteDatabase = server.getPath().substring(1);
        provisioner = new PostgresDatabaseProvisioner(adminUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword(), server.getHost(), server.getPort(),
                CredentialKey.of(UUID.randomUUID().toString().repeat(2).getBytes()));
        String run = UUID.randomUUID().toString().substring(0, 8);
        growth = EnclaveId.of("growth-" + run);
        finance = EnclaveId.of("finance-" + run);
    }

    private static Connection connect(DatabaseCredentials credentials, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + credentials.host() + ":" + credentials.port() + "/"
                + database, credentials.user(), credentials.password());
    }

    private static void sql(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aTentacleWorksInItsOwnSchemaAndNowhereElse() throws Exception {
        DatabaseCredentials growthReport = provisioner.ensureTentacleSchema(growth, TentacleData.first(report), 0);
        provisioner.ensureTentacleSchema(growth, TentacleData.first(api), 0);
        DatabaseCredentials financeReport = provisioner.ensureTentacleSchema(finance, TentacleData.first(report), 0);

        assertThat(growthReport.database()).isEqualTo("enclave-" + growth);
        assertThat(growthReport.environment()).containsKeys("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD",
                "PGSCHEMA").containsEntry("PGSCHEMA", "report");
        try (Connection own = connect(growthReport, growthReport.database())) {
            sql(own, "create table readings (value int)"); // unqualified: the search path is its own schema
            sql(own, "insert into report.readings values (42)");
            try (Statement s = own.createStatement(); ResultSet rows = s.executeQuery("select value from readings")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
            assertThatThrownBy(() -> sql(own, "create table api.stolen (x int)"))
                    .hasMessageContaining("permission denied for schema api");
            assertThatThrownBy(() -> sql(own, "create table public.stray (x int)"))
                    .hasMessageContaining("permission denied for schema public");
        }
        // Another enclave's database is closed to it, both ways.
        assertThatThrownBy(() -> connect(growthReport, financeReport.database()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
        assertThatThrownBy(() -> connect(financeReport, growthReport.database()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
    }

    @Test
    void aSharedSchemaIsReadThenWrittenByTheGranteeAndClosedAgainWhenRevoked() throws Exception {
        DatabaseCredentials owner = provisioner.ensureTentacleSchema(growth, TentacleData.first(report), 0);
        DatabaseCredentials grantee = provisioner.ensureTentacleSchema(growth, TentacleData.first(api), 0);
        try (Connection own = connect(owner, owner.database())) {
            sql(own, "create table before_grant (id serial primary key, value int)");
            sql(own, "insert into before_grant (value) values (1)");
        }
        try (Connection other = connect(grantee, grantee.database())) {
            assertThatThrownBy(() -> sql(other, "select * from report.before_grant"))
                    .hasMessageContaining("permission denied for schema report");
        }

        provisioner.setSchemaAccess(growth, TentacleData.first(report), Map.of(TentacleData.first(api), SchemaAccess.READ));
        provisioner.setSchemaAccess(growth, TentacleData.first(report), Map.of(TentacleData.first(api), SchemaAccess.READ)); // converges
        try (Connection own = connect(owner, owner.database())) {
            sql(own, "create table after_grant (value int)"); // default privileges reach tables made later
        }
        try (Connection other = connect(grantee, grantee.database())) {
            sql(other, "select * from report.before_grant");
            sql(other, "select * from report.after_grant");
            assertThatThrownBy(() -> sql(other, "insert into report.before_grant (value) values (2)"))
                    .hasMessageContaining("permission denied for table before_grant");
        }

        provisioner.setSchemaAccess(growth, TentacleData.first(report), Map.of(TentacleData.first(api), SchemaAccess.WRITE));
        try (Connection other = connect(grantee, grantee.database())) {
            sql(other, "insert into report.before_grant (value) values (2)"); // its sequence too
            sql(other, "delete from report.after_grant");
            assertThatThrownBy(() -> sql(other, "drop table report.before_grant"))
                    .hasMessageContaining("must be owner of table before_grant");
            assertThatThrownBy(() -> sql(other, "create table report.planted (x int)"))
                    .hasMessageContaining("permission denied for schema report");
            assertThatThrownBy(() -> sql(other, "truncate report.after_grant"))
                    .hasMessageContaining("permission denied for table after_grant");
        }

        provisioner.setSchemaAccess(growth, TentacleData.first(report), Map.of(TentacleData.first(api), SchemaAccess.READ)); // down to reading again
        try (Connection other = connect(grantee, grantee.database())) {
            assertThatThrownBy(() -> sql(other, "insert into report.before_grant (value) values (3)"))
                    .hasMessageContaining("permission denied for table before_grant");
        }

        provisioner.setSchemaAccess(growth, TentacleData.first(report), Map.of());
        try (Connection own = connect(owner, owner.database())) {
            sql(own, "create table after_revoke (value int)");
        }
        try (Connection other = connect(grantee, grantee.database())) {
            assertThatThrownBy(() -> sql(other, "select * from report.before_grant"))
                    .hasMessageContaining("permission denied for schema report");
        }
        try (Connection admin = DriverManager.getConnection(infrastructure.newDatabase()
                .replaceFirst("/[^/?]+(\\?|$)", "/" + owner.database() + "$1"), infrastructure.postgresUsername(),
                infrastructure.postgresPassword());
             Statement s = admin.createStatement();
             ResultSet rows = s.executeQuery("select count(*) from pg_default_acl d join pg_namespace n "
                     + "on n.oid = d.defaclnamespace where n.nspname = 'report' and array_length(d.defaclacl, 1) > 0")) {
            rows.next();
            assertThat(rows.getInt(1)).as("default privileges left for the grantee").isZero();
        }
    }

    private Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
    }

    private static int count(Connection connection, String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * Bob's report left its schema behind and Carol deployed the name: her deployment's generation has a role, a
     * password and a schema of its own, Bob's schema is closed to her, and Bob's role no longer logs in while his
     * data waits out the grace period.
     */
    @Test
    void anotherGenerationOfANameHasARoleSchemaAndPasswordOfItsOwn() throws Exception {
        TentacleData bobs = TentacleData.first(report);
        DatabaseCredentials bob = provisioner.ensureTentacleSchema(growth, bobs, 1);
        try (Connection own = connect(bob, bob.database())) {
            sql(own, "create table findings (value int)");
            sql(own, "insert into findings values (7)");
        }
        provisioner.closeTentacleLogin(growth, bobs); // Bob's tentacle removed

        DatabaseCredentials carol = provisioner.ensureTentacleSchema(growth, new TentacleData(report, 2), 2);

        assertThat(carol.user()).isNotEqualTo(bob.user()).isEqualTo("enclave-" + growth + ".report_2");
        assertThat(carol.password()).isNotEqualTo(bob.password());
        assertThat(carol.schema()).isEqualTo("report_2");
        try (Connection own = connect(carol, carol.database())) {
            assertThat(count(own, "select count(*) from pg_tables where schemaname = 'report_2'")).isZero();
            assertThatThrownBy(() -> sql(own, "select * from report.findings"))
                    .hasMessageContaining("permission denied for schema report");
            sql(own, "create table findings (value int)"); // unqualified: her own schema
        }
        assertThatThrownBy(() -> connect(bob, bob.database()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("not permitted to log in");
        try (Connection admin = admin(bob.database())) {
            assertThat(count(admin, "select count(*) from report.findings")).isOne();
            assertThat(count(admin, "select count(*) from pg_namespace n join pg_roles r on r.oid = n.nspowner "
                    + "where n.nspname = 'report' and r.rolname = '" + bob.user() + "'")).isOne();
        }
    }

    /** The keeper taking its data back gets the same role and schema, logging in again — with a new password. */
    @Test
    void theSameGenerationForAnotherDeploymentKeepsItsDataWithANewPassword() throws Exception {
        TentacleData data = TentacleData.first(report);
        DatabaseCredentials first = provisioner.ensureTentacleSchema(growth, data, 1);
        try (Connection own = connect(first, first.database())) {
            sql(own, "create table kept (x int)");
        }
        provisioner.closeTentacleLogin(growth, data);
        provisioner.closeTentacleLogin(growth, data); // converges

        DatabaseCredentials again = provisioner.ensureTentacleSchema(growth, data, 3);

        assertThat(again.user()).isEqualTo(first.user());
        assertThat(again.schema()).isEqualTo(first.schema());
        assertThat(again.password()).isNotEqualTo(first.password());
        try (Connection own = connect(again, again.database())) {
            assertThat(count(own, "select count(*) from kept")).isZero(); // there, and empty
        }
        assertThat(provisioner.ensureTentacleSchema(growth, data, 3)).isEqualTo(again); // a repeated step
    }

    /**
     * PostgreSQL lets PUBLIC connect to every new database. A tentacle's role reaches its enclave's database and no
     * other on the server: not another enclave's, not the suite's own (the administrator's), not the maintenance
     * databases. Roles that are not the suite's keep connecting where they did.
     */
    @Test
    void aTentacleRoleConnectsToItsEnclavesDatabaseAndNoOther() throws Exception {
        String outsider = "outsider-" + growth;
        try (Connection admin = admin(suiteDatabase)) {
            sql(admin, "CREATE ROLE \"" + outsider + "\" LOGIN PASSWORD 'outsider'");
        }
        try {
            DatabaseCredentials own = provisioner.ensureTentacleSchema(growth, TentacleData.first(report), 1);
            DatabaseCredentials other = provisioner.ensureTentacleSchema(finance, TentacleData.first(api), 1);

            try (Connection connection = connect(own, own.database())) {
                assertThat(connection.isValid(2)).isTrue();
            }
            for (String database : List.of(suiteDatabase, "postgres", "template1", EnclaveTemplate.NAME,
                    other.database())) {
                assertThatThrownBy(() -> connect(own, database).close()).as(database)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
            }
            for (String database : List.of(suiteDatabase, "postgres")) {
                try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + own.host() + ":"
                        + own.port() + "/" + database, outsider, "outsider")) {
                    assertThat(connection.isValid(2)).as(database).isTrue();
                }
            }
        } finally {
            try (Connection admin = admin(suiteDatabase)) {
                sql(admin, "DROP OWNED BY \"" + outsider + "\"");
                for (String database : List.of(suiteDatabase, "postgres", "template1")) {
                    sql(admin, "REVOKE ALL ON DATABASE \"" + database + "\" FROM \"" + outsider + "\"");
                }
                sql(admin, "DROP ROLE \"" + outsider + "\"");
            }
            provisioner.dropEnclaveDatabase(growth);
            provisioner.dropEnclaveDatabase(finance);
        }
    }

    @Test
    void repeatingEveryStepChangesNothingAndKeepsTheCredentials() throws Exception {
        DatabaseCredentials first = provisioner.ensureTentacleSchema(growth, TentacleData.first(report), 0);
        try (Connection own = connect(first, first.database())) {
            sql(own, "create table kept (x int)");
        }

        provisioner.ensureEnclaveDatabase(growth);
        DatabaseCredentials again = provisioner.ensureTentacleSchema(growth, TentacleData.first(report), 0);

        assertThat(again).isEqualTo(first);
        try (Connection own = connect(again, again.database());
             Statement s = own.createStatement(); ResultSet rows = s.executeQuery("select count(*) from kept")) {
            assertThat(rows.next()).isTrue();
        }
    }

    @Test
    void droppingATentacleRemovesItsSchemaAndRoleAndDeprovisioningRemovesEverything() throws Exception {
        DatabaseCredentials growthReport = provisioner.ensureTentacleSchema(growth, TentacleData.first(report), 0);
        DatabaseCredentials growthApi = provisioner.ensureTentacleSchema(growth, TentacleData.first(api), 0);
        DatabaseCredentials financeReport = provisioner.ensureTentacleSchema(finance, TentacleData.first(report), 0);

        provisioner.dropTentacleSchema(growth, TentacleData.first(api));
        provisioner.dropTentacleSchema(growth, TentacleData.first(api)); // again: nothing left to drop

        assertThatThrownBy(() -> connect(growthApi, growthApi.database()).close())
                .hasMessageContaining(growthApi.user()).hasMessageMatching(ROLE_GONE);
        try (Connection own = connect(growthReport, growthReport.database());
             Statement s = own.createStatement();
             ResultSet rows = s.executeQuery("select count(*) from pg_namespace where nspname = 'api'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }

        provisioner.dropEnclaveDatabase(growth);
        provisioner.dropEnclaveDatabase(growth);

        assertThatThrownBy(() -> connect(growthReport, growthReport.database()).close())
                .hasMessageMatching(ROLE_GONE);
        try (Connection admin = DriverManager.getConnection(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
             Statement s = admin.createStatement();
             ResultSet rows = s.executeQuery("select (select count(*) from pg_database where datname = 'enclave-"
                     + growth + "') + (select count(*) from pg_roles where rolname like 'enclave-" + growth + "%')")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        try (Connection other = connect(financeReport, financeReport.database())) {
            assertThat(other.isValid(2)).isTrue(); // the other enclave is untouched
        }
        provisioner.dropEnclaveDatabase(finance);
    }

    /**
     * Provisionings run side by side (enclaves, sagas, replicas), and each one closes the shared databases again: with
     * a login role that has no CONNECT of its own yet, every one of them has a GRANT to make on the same databases.
     */
    @Test
    void provisioningsSideBySideDoNotCollideOnTheCatalog() throws Exception {
        String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(adminUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword())) {
            sql(admin, "CREATE ROLE \"" + outsider + "\" LOGIN");
            sql(admin, "GRANT CONNECT ON DATABASE \"" + suiteDatabase + "\" TO PUBLIC");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<EnclaveId> enclaves = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> EnclaveId.of("side-" + i + "-" + run)).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (EnclaveId enclave : enclaves) {
                done.add(pool.submit(() -> provisioner.ensureEnclaveDatabase(enclave)));
                done.add(pool.submit(() -> provisioner.ensureTentacleSchema(enclave, TentacleData.first(report), 0)));
            }
            for (java.util.concurrent.Future<?> each : done) {
                each.get(); // throws what the step threw
            }
        } finally {
            pool.shutdown();
        }

        try (Connection admin = DriverManager.getConnection(adminUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword());
             Statement s = admin.createStatement();
             ResultSet rows = s.executeQuery("select has_database_privilege('public', current_database(), 'CONNECT'), "
                     + "has_database_privilege('" + outsider + "', current_database(), 'CONNECT'), "
                     + "(select count(*) from pg_database where datname like 'enclave-side-%-" + run + "')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).as("PUBLIC may connect to the suite's database").isFalse();
            assertThat(rows.getBoolean(2)).as("the outsider kept CONNECT").isTrue();
            assertThat(rows.getInt(3)).isEqualTo(enclaves.size());
        }
        for (EnclaveId enclave : enclaves) {
            provisioner.dropEnclaveDatabase(enclave);
        }
    }

    /**
     * An enclave's database is a copy of the suite's template: its public schema is closed before anyone can enter it.
     * A template build cut short leaves a copy under another name, which the next provisioning throws away.
     */
    @Test
    void aNewDatabaseIsACopyOfTheClosedTemplateAndAHalfBuiltTemplateIsBuiltAgain() throws Exception {
        try (Connection admin = admin(suiteDatabase)) {
            sql(admin, "DROP DATABASE IF EXISTS \"" + EnclaveTemplate.NAME + "\" WITH (FORCE)");
            sql(admin, "DROP DATABASE IF EXISTS \"" + EnclaveTemplate.NAME + "_building\" WITH (FORCE)");
            sql(admin, "CREATE DATABASE \"" + EnclaveTemplate.NAME + "_building\"");
        }
        try (Connection halfBuilt = admin(EnclaveTemplate.NAME + "_building")) {
            sql(halfBuilt, "create table public.left_behind (x int)");
        }

        provisioner.ensureEnclaveDatabase(growth);

        try (Connection admin = admin(suiteDatabase)) {
            assertThat(count(admin, "select count(*) from pg_database where datname = '" + EnclaveTemplate.NAME
                    + "_building'")).isZero();
            assertThat(count(admin, "select count(*) from pg_database where datname = '" + EnclaveTemplate.NAME
                    + "' and not has_database_privilege('public', datname, 'CONNECT')")).isOne();
        }
        for (String database : List.of(EnclaveTemplate.NAME, "enclave-" + growth)) {
            try (Connection inside = admin(database)) {
                assertThat(count(inside, "select count(*) from pg_namespace where nspname = 'public' "
                        + "and not has_schema_privilege('public', oid, 'USAGE')")).as(database).isOne();
                assertThat(count(inside, "select count(*) from pg_class where relname = 'left_behind'")).as(database)
                        .isZero();
            }
        }
        provisioner.dropEnclaveDatabase(growth);
    }

    /** Dropped by hand while the service runs: that provisioning attempt fails, and its retry builds the template. */
    @Test
    void aTemplateDroppedByHandIsBuiltAgainOnTheNextAttempt() throws Exception {
        provisioner.ensureEnclaveDatabase(growth);
        try (Connection admin = admin(suiteDatabase)) {
            sql(admin, "DROP DATABASE \"" + EnclaveTemplate.NAME + "\" WITH (FORCE)");
        }

        assertThatThrownBy(() -> provisioner.ensureEnclaveDatabase(finance))
                .isInstanceOf(DatabaseProvisioningFailed.class);
        provisioner.ensureEnclaveDatabase(finance);

        try (Connection inside = admin("enclave-" + finance)) {
            assertThat(count(inside, "select count(*) from pg_namespace where nspname = 'public' "
                    + "and not has_schema_privilege('public', oid, 'USAGE')")).isOne();
        }
        provisioner.dropEnclaveDatabase(growth);
        provisioner.dropEnclaveDatabase(finance);
    }

    @Test
    void namesPastPostgresLimitGetAStableHashedRole() throws Exception {
        EnclaveId longest = EnclaveId.of(("x" + UUID.randomUUID().toString().replace("-", "")).repeat(2)
                .substring(0, EnclaveId.MAX_LENGTH));
        TentacleName tentacle = TentacleName.of("a".repeat(TentacleName.MAX_LENGTH));

        DatabaseCredentials credentials = provisioner.ensureTentacleSchema(longest, TentacleData.first(tentacle), 0);

        assertThat(credentials.user()).hasSizeLessThanOrEqualTo(63)
                .isEqualTo(PostgresDatabaseProvisioner.tentacleRoleOf(longest, TentacleData.first(tentacle)));
        try (Connection own = connect(credentials, credentials.database())) {
            sql(own, "create table t (x int)");
        }
        provisioner.dropEnclaveDatabase(longest);
    }

    @Test
    void identifiersAreAlwaysQuoted() {
        assertThat(PostgresDatabaseProvisioner.quote("enclave-growth")).isEqualTo("\"enclave-growth\"");
        assertThat(PostgresDatabaseProvisioner.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThatThrownBy(() -> PostgresDatabaseProvisioner.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresDatabaseProvisioner.quote("x".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
