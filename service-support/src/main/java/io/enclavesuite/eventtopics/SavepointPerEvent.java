package io.enclavesuite.eventtopics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a projection that writes to PostgreSQL as it handles each event: every event handler of the class runs under a
 * savepoint ({@link SavepointPerEventEnhancer}). A statement that fails then rolls back to it instead of aborting the
 * processor's transaction, so the event can be parked in the group's dead letters and the batch goes on. Projections
 * that buffer and write once at commit need none: a failure there is the batch's.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SavepointPerEvent {
}
