package io.enclavesuite.coordination.sealing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.enclavesuite.coordination.CoordinationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Destroying a room key updates its row, and PostgreSQL keeps the old row version — key included — until the table
 * is vacuumed. A recurring db-scheduler task vacuums {@code room_key} so a shredded key does not linger in the heap
 * (WAL segments and backups taken meanwhile are operations' business: see docs/coordination.md).
 */
@Configuration(proxyBeanMethods = false)
class RoomKeyVacuum {

    @Bean
    RecurringTask<Void> roomKeyVacuumTask(JdbcTemplate jdbc, CoordinationProperties properties) {
        // VACUUM cannot run inside a transaction; db-scheduler runs the task on a pooled auto-commit connection.
        return Tasks.recurring("room-key-vacuum", FixedDelay.of(properties.roomKeyVacuumInterval()))
                .execute((instance, context) -> jdbc.execute("VACUUM room_key"));
    }
}
