package io.enclavesuite.coordination.directory;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.policy.EnclaveDirectory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The enclave directory as {@link EnclaveDirectoryProjection} keeps it. */
@Repository
class JdbcEnclaveDirectory implements EnclaveDirectory {

    private final JdbcTemplate jdbc;

    JdbcEnclaveDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean shareAnEnclave(UserId a, UserId b) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from enclave_directory mine
                                       join enclave_directory theirs on theirs.enclave = mine.enclave
                                       where mine.user_id = ? and theirs.user_id = ?)""",
                Boolean.class, a.value(), b.value()));
    }
}
