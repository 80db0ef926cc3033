package io.enclavesuite.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the {@link TestInfrastructure} before the test class (so a failing start fails the class, loudly, before any
 * test runs) and injects it into test constructors and methods declaring a {@link TestInfrastructure} parameter.
 * Usually applied through {@link EnclaveInfrastructure @EnclaveInfrastructure}.
 */
public class EnclaveInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TestInfrastructure.get();
    }
}
