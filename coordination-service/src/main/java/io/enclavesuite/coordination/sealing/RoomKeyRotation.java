package io.enclavesuite.coordination.sealing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.enclavesuite.coordination.CoordinationProperties;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * KEK rotation ({@link RoomKeyRewrapping}): checked when the service starts — before it takes any command, a live
 * room key wrapped by a KEK that is not configured stops it, naming that KEK — then run once the service is up and
 * again every {@code coordination.key-encryption.rewrap-interval} (a db-scheduler task: one run at a time per
 * database, and a replica started with an older configuration finds nothing it knows to re-wrap).
 */
@Configuration(proxyBeanMethods = false)
class RoomKeyRotation {

    static final int BATCH_SIZE = 100;

    @Bean
    RoomKeyRewrapping roomKeyRewrapping(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                        KeyWrapping wrapping) {
        RoomKeyRewrapping rewrapping = new RoomKeyRewrapping(jdbc, transactions, wrapping, BATCH_SIZE);
        rewrapping.refuseUnknownKeks();
        return rewrapping;
    }

    @Bean
    ApplicationRunner rewrapRoomKeysAtStart(RoomKeyRewrapping rewrapping) {
        return arguments -> rewrapping.rewrapAll();
    }

    @Bean
    RecurringTask<Void> roomKeyRewrapTask(RoomKeyRewrapping rewrapping, CoordinationProperties properties) {
        return Tasks.recurring("room-key-rewrap", FixedDelay.of(properties.keyEncryption().rewrapInterval()))
                .execute((instance, context) -> rewrapping.rewrapAll());
    }
}
