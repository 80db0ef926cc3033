package io.enclavesuite.console.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.SerializingConverter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

/**
 * Session attributes as Spring Session writes them by default (Java serialization), read back more warily: only the
 * JDK's, Spring's and the suite's own classes are let in (a row changed in the database cannot make the console build
 * anything else), and an attribute that cannot be read — another version's, or a damaged one — is read as absent, so
 * the person is signed out instead of shown an error on every page.
 */
final class SessionAttributes {

    private static final Logger log = LoggerFactory.getLogger(SessionAttributes.class);

    /**
     * What a session may hold: Spring Security's context, CSRF token and OAuth 2.0 authorization request, Spring
     * MVC's flash messages, the JDK collections and strings inside them, the console's own sign-in. Bounded in depth
     * and size, far above what any of those needs.
     */
    static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxrefs=10000;maxbytes=1048576;maxarray=100000;"
                    + "java.base/java.lang.*;java.base/java.util.**;java.base/java.time.*;java.base/java.net.URI;"
                    + "org.springframework.security.**;org.springframework.web.servlet.FlashMap;"
                    + "org.springframework.util.LinkedMultiValueMap;org.springframework.util.MultiValueMapAdapter;"
                    + "io.enclavesuite.console.**;!*");

    private SessionAttributes() {
    }

    static ConversionService conversionService(ClassLoader classLoader) {
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversions.addConverter(byte[].class, Object.class, bytes -> read(bytes, classLoader));
        return conversions;
    }

    /** The attribute, or null (absent) when it cannot be read or holds a class a session has no business holding. */
    static Object read(byte[] bytes, ClassLoader classLoader) {
        String[] refused = new String[1];
        try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            in.setObjectInputFilter(check -> {
                ObjectInputFilter.Status status = ALLOWED.checkInput(check);
                if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    refused[0] = check.serialClass() != null ? check.serialClass().getName() : "a limit";
                }
                return status;
            });
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            log.warn("A session attribute could not be read ({}): read as absent, so its person signs in again",
                    refused[0] != null ? "it holds " + refused[0] + ", which no session may" : e.toString());
            return null;
        }
    }
}
