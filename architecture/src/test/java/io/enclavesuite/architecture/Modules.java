package io.enclavesuite.architecture;

/** The suite's top-level packages, by the module that owns them (root pom's {@code <modules>}). */
final class Modules {

    /** enclave-api: the vocabulary — commands, events, value types, topics. */
    static final String VOCABULARY = "io.enclavesuite.api..";

    /** The services: enclave-command, coordination-service, enclave-query, slack-gateway, console. */
    static final String COMMAND = "io.enclavesuite.command..";
    static final String COORDINATION = "io.enclavesuite.coordination..";
    static final String QUERY = "io.enclavesuite.query..";
    static final String SLACK = "io.enclavesuite.slack..";
    static final String CONSOLE = "io.enclavesuite.console..";
    static final String[] SERVICES = {COMMAND, COORDINATION, QUERY, SLACK, CONSOLE};

    /** write-support: the write-side machinery (Axon on PostgreSQL, the command intake, callers, receipts issuing). */
    static final String WRITE_SUPPORT = "io.enclavesuite.write..";

    /**
     * service-support: what every service runs — the suite's topics, Kafka readiness, the operability wiring
     * ({@code operability}) and the reader of the event topics (trusted converter, parked events, savepoints).
     */
    static final String OPERABILITY = "io.enclavesuite.operability..";
    static final String EVENT_TOPICS = "io.enclavesuite.eventtopics..";
    /** The signed command publisher the Slack gateway and the console share. */
    static final String COMMANDS = "io.enclavesuite.commands..";
    static final String[] SERVICE_SUPPORT = {OPERABILITY, EVENT_TOPICS, COMMANDS};

    /** receipts: canonical JSON, the event hash chain, signed receipts and their key files. */
    static final String RECEIPTS = "io.enclavesuite.receipts..";

    /** auth: the read API's local token issuer (its ES256 key file and the tokens it mints). */
    static final String AUTH = "io.enclavesuite.auth..";

    /** Libraries the services share: receipts, auth, trust, api-auth, service-support and write-support. */
    static final String[] SHARED_LIBRARIES = {RECEIPTS, AUTH, "io.enclavesuite.trust..",
            "io.enclavesuite.apiauth..", OPERABILITY, EVENT_TOPICS, COMMANDS, WRITE_SUPPORT};

    /**
     * What assembles or drives the services and must never be depended on by them: suite (the one-JVM launcher),
     * enclavectl, test-support, embedded-object-store (the suite's embedded S3), embedded-kubernetes (its mock
     * Kubernetes API), bench, faults (the fault suite) and deploy-checks.
     */
    static final String SUITE = "io.enclavesuite.suite..";
    static final String[] ASSEMBLY_AND_TOOLS = {SUITE, "io.enclavesuite.ctl..", "io.enclavesuite.testsupport..",
            "io.enclavesuite.objectstore..", "io.enclavesuite.kubernetesmock..", "io.enclavesuite.bench..",
            "io.enclavesuite.faults..", "io.enclavesuite.deploy.."};

    /**
     * Every top-level package with main code; the import must find classes in each. Not deploy-checks'
     * (io.enclavesuite.deploy): the architecture module does not depend on it (see its pom).
     */
    static final String[] ALL = {"io.enclavesuite.api", "io.enclavesuite.objectstore",
            "io.enclavesuite.kubernetesmock", "io.enclavesuite.testsupport",
            "io.enclavesuite.operability", "io.enclavesuite.apiauth", "io.enclavesuite.write",
            "io.enclavesuite.eventtopics", "io.enclavesuite.command", "io.enclavesuite.coordination",
            "io.enclavesuite.receipts", "io.enclavesuite.auth", "io.enclavesuite.trust", "io.enclavesuite.query", "io.enclavesuite.slack",
            "io.enclavesuite.console", "io.enclavesuite.commands",
            "io.enclavesuite.ctl", "io.enclavesuite.suite", "io.enclavesuite.bench"};

    private Modules() {
    }
}
