package io.enclavesuite.objectstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server (Adobe S3Mock) inside this JVM: the object store of the tests and of the embedded default,
 * as embedded PostgreSQL and the in-JVM Kafka broker are theirs.
 * <p>
 * S3Mock is a Spring Boot application. On a service's class path its auto-configuration would also start the
 * service's Axon, Flyway and Kafka, and its Spring Boot version would fight the service's. So it runs in a class
 * loader of its own whose parent is the platform loader: it sees only its own jars, listed when this module was
 * built ({@code s3mock.classpath}, jars of the local Maven repository). It checks no credentials: any access key
 * works, which is why the suite's object storage says whether its store enforces them.
 */
public final class EmbeddedObjectStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedObjectStore.class);
    private static final String CLASS_PATH = "s3mock.classpath";
    private static final String APPLICATION = "com.adobe.testing.s3mock.S3MockApplication";
    private static final String HOOK = "org.springframework.boot.SpringApplicationHook";

    private final URLClassLoader loader;
    private final Object application;
    private final int port;

    private EmbeddedObjectStore(URLClassLoader loader, Object application, int port) {
        this.loader = loader;
        this.application = application;
        this.port = port;
    }

    /**
     * Starts a store keeping its objects under {@code root} (kept across restarts), on {@code port} (0: any free one),
     * listening on the loopback interface only.
     */
    public static EmbeddedObjectStore start(Path root, int port) {
        return start(root, port, InetAddress.getLoopbackAddress());
    }

    /**
     * As {@link #start(Path, int)}, listening on {@code address} ({@code 0.0.0.0}: every interface). Both of S3Mock's
     * ports (its HTTP one, which is the endpoint, and its HTTPS one) listen there.
     */
    public static EmbeddedObjectStore start(Path root, int port, InetAddress address) {
        long began = System.nanoTime();
        URLClassLoader loader = new URLClassLoader("s3mock", classPath(), ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // Spring Boot finds its factories through the context class loader
        try {
            Files.createDirectories(root);
            // Tomcat installs a JVM-wide URL stream handler factory once; a second Tomcat from another class loader
            // (the service's own, or this store started again) would fail on it, and S3Mock needs none of it.
            loader.loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory")
                    .getMethod("disable").invoke(null);
            Class<?> type = loader.loadClass(APPLICATION);
            Method start = type.getMethod("start", Map.class, String[].class);
            Map<String, Object> properties = new HashMap<>(Map.<String, Object>of(
                    "http.port", port,
                    "server.port", 0, // S3Mock also serves HTTPS with its own certificate: any free port
                    "server.address", address.getHostAddress(), // the HTTPS one; the HTTP one below
                    "com.adobe.testing.s3mock.store.root", root.toAbsolutePath().toString(),
                    "com.adobe.testing.s3mock.store.retainFilesOnExit", true,
                    "spring.main.banner-mode", "off",
                    "logging.level.root", "WARN")); // S3Mock edits the map
            Object[] application = new Object[1];
            Runnable run = () -> {
                try {
                    application[0] = start.invoke(null, properties, new String[0]);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
            loader.loadClass("org.springframework.boot.SpringApplication")
                    .getMethod("withHook", loader.loadClass(HOOK), Runnable.class)
                    .invoke(null, HttpConnectorAddress.hook(loader, address), run);
            int httpPort = (int) type.getMethod("getHttpPort").invoke(application[0]);
            log.info("Embedded object store (S3Mock) on http://{}:{}, objects in {}, started in {} ms",
                    address.getHostAddress(), httpPort, root, (System.nanoTime() - began) / 1_000_000);
            return new EmbeddedObjectStore(loader, application[0], httpPort);
        } catch (InvocationTargetException e) {
            close(loader);
            Throwable cause = e.getCause() instanceof IllegalStateException wrapped
                    && wrapped.getCause() instanceof InvocationTargetException started ? started.getCause() : e.getCause();
            throw new IllegalStateException("the embedded object store did not start: " + cause, cause);
        } catch (ReflectiveOperationException | IOException e) {
            close(loader);
            throw new IllegalStateException("the embedded object store did not start: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The S3 endpoint, path-style: {@code http://localhost:<port>}. */
    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            application.getClass().getMethod("stop").invoke(application);
        } catch (ReflectiveOperationException e) {
            log.warn("the embedded object store did not stop cleanly", e);
        } finally {
            close(loader);
        }
    }

    private static URL[] classPath() {
        try (InputStream listing = EmbeddedObjectStore.class.getResourceAsStream(CLASS_PATH)) {
            if (listing == null) {
                throw new IllegalStateException(CLASS_PATH + " is missing: build the embedded-object-store module");
            }
            List<URL> urls = new ArrayList<>();
            for (String entry : new String(listing.readAllBytes(), StandardCharsets.UTF_8).split(java.io.File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path jar = Path.of(entry.strip());
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " (listed in " + CLASS_PATH + ") is missing: the embedded "
                            + "object store runs from the local Maven repository it was built with; build again");
                }
                urls.add(jar.toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            log.debug("closing the object store's class loader", e);
        }
    }
}
