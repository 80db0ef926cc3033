package io.enclavesuite.write.caller;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;

/**
 * Lets a message handler take a {@link Caller} parameter. Found by Axon's classpath lookup
 * ({@code META-INF/services}), so aggregates in a fixture resolve it as they do in a running service.
 */
public class CallerParameterResolverFactory implements ParameterResolverFactory {

    private static final ParameterResolver<Caller> RESOLVER = new ParameterResolver<>() {
        @Override
        public Caller resolveParameterValue(Message<?> message) {
            return Caller.of(message);
        }

        @Override
        public boolean matches(Message<?> message) {
            return true;
        }
    };

    @Override
    public ParameterResolver<Caller> createInstance(Executable executable, Parameter[] parameters, int parameterIndex) {
        return Caller.class.equals(parameters[parameterIndex].getType()) ? RESOLVER : null;
    }
}
