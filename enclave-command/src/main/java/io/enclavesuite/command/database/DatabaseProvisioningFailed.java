package io.enclavesuite.command.database;

import java.sql.SQLException;

/** The database server refused or could not be reached: the saga step fails and is retried. */
public class DatabaseProvisioningFailed extends RuntimeException {

    public DatabaseProvisioningFailed(String what, SQLException cause) {
        super("provisioning the " + what + " failed: " + cause.getMessage() + " (SQLSTATE " + cause.getSQLState() + ")",
                cause);
    }
}
