package io.enclavesuite.objectstore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.List;

/**
 * Puts S3Mock's plain-HTTP port on one address. S3Mock adds that port as an extra Tomcat connector, which
 * {@code server.address} does not reach (it sets only the main, HTTPS, connector), so it would listen on every
 * interface. A Spring Boot run hook (set for the one {@code SpringApplication.run} on this thread) adds a bean
 * post-processor that sets the extra connectors' address before Tomcat binds them. S3Mock's classes live in their
 * own class loader, so the hook, the run listener and the post-processor are proxies of that loader's interfaces.
 */
final class HttpConnectorAddress {

    private static final String FACTORY = "org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory";

    /** A {@code SpringApplicationHook} of {@code loader}'s Spring Boot. */
    static Object hook(ClassLoader loader, InetAddress address) throws ClassNotFoundException {
        Class<?> hookType = loader.loadClass("org.springframework.boot.SpringApplicationHook");
        Class<?> listenerType = loader.loadClass("org.springframework.boot.SpringApplicationRunListener");
        Class<?> postProcessorType = loader.loadClass("org.springframework.beans.factory.config.BeanPostProcessor");
        Class<?> factoryType = loader.loadClass(FACTORY);
        Object postProcessor = proxy(loader, postProcessorType, (self, method, args) -> {
            if (method.getName().startsWith("postProcess")) {
                if (method.getName().equals("postProcessBeforeInitialization") && factoryType.isInstance(args[0])) {
                    for (Object connector : (List<?>) factoryType.getMethod("getAdditionalTomcatConnectors")
                            .invoke(args[0])) {
                        connector.getClass().getMethod("setProperty", String.class, String.class)
                                .invoke(connector, "address", address.getHostAddress());
                    }
                }
                return args[0];
            }
            return null;
        });
        Object listener = proxy(loader, listenerType, (self, method, args) -> {
            if (method.getName().equals("contextPrepared")) {
                Object beanFactory = args[0].getClass().getMethod("getBeanFactory").invoke(args[0]);
                beanFactory.getClass().getMethod("addBeanPostProcessor", postProcessorType)
                        .invoke(beanFactory, postProcessor);
            }
            return null;
        });
        return proxy(loader, hookType, (self, method, args) -> method.getName().equals("getRunListener") ? listener : null);
    }

    /** A proxy whose equals, hashCode and toString are the object's own: Spring keeps post-processors in a list. */
    private static Object proxy(ClassLoader loader, Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(loader, new Class<?>[]{type}, (self, method, args) -> {
            if (method.getDeclaringClass() != Object.class) {
                return handler.invoke(self, method, args);
            }
            return switch (method.getName()) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> HttpConnectorAddress.class.getSimpleName() + " " + type.getSimpleName();
            };
        });
    }

    private HttpConnectorAddress() {
    }
}
