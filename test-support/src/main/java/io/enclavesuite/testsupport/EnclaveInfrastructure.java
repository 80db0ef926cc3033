package io.enclavesuite.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies {@link EnclaveInfrastructureExtension}: the test class gets PostgreSQL, Kafka and a Kubernetes API (started
 * once per JVM) and may declare {@link TestInfrastructure} constructor or method parameters.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EnclaveInfrastructureExtension.class)
public @interface EnclaveInfrastructure {
}
