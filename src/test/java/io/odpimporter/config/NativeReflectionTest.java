package io.odpimporter.config;

import io.odpimporter.domain.BlobVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class of {@code io.odpimporter.domain} (topic values, header types, nested types included), found on the
 * class path, is registered for reflection by {@link NativeReflection}: listed in its targets, or nested in a listed
 * class while {@code ignoreNested} is false (Quarkus then registers the nested classes too), or registered by its own
 * {@code @RegisterForReflection} (a package-private codec such as {@code RunEventJson}, which config/ cannot name).
 */
class NativeReflectionTest {

    static final String DOMAIN = BlobVersion.class.getPackageName();

    @Test
    void everyDomainTypeIsRegisteredForReflection() {
        RegisterForReflection registration = NativeReflection.class.getAnnotation(RegisterForReflection.class);
        Set<Class<?>> targets = Set.of(registration.targets());
        List<Class<?>> domain = domainClasses();
        assertThat(domain).as("domain classes on the class path").hasSizeGreaterThan(10);
        List<String> missing = domain.stream()
                .filter(c -> !registered(c, targets, registration.ignoreNested()))
                .map(Class::getName)
                .toList();
        assertThat(missing)
                .as("domain classes missing from NativeReflection's targets")
                .isEmpty();
    }

    @Test
    void theTestFindsNestedTypesAndWouldNameAMissingOne() throws Exception {
        Class<?> state = Class.forName(DOMAIN + ".LedgerEntry$State");
        assertThat(domainClasses()).contains(state);
        assertThat(registered(state, Set.of(), false)).isFalse();
        assertThat(registered(state, Set.of(state.getEnclosingClass()), true)).isFalse();
        assertThat(registered(state, Set.of(state.getEnclosingClass()), false)).isTrue();
    }

    private static boolean registered(Class<?> type, Set<Class<?>> targets, boolean ignoreNested) {
        for (Class<?> c = type; c != null; c = ignoreNested ? null : c.getEnclosingClass()) {
            if (targets.contains(c)) {
                return true;
            }
            RegisterForReflection own = c.getAnnotation(RegisterForReflection.class);
            if (own != null && own.targets().length == 0 && (c == type || !own.ignoreNested())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return every class compiled into the domain package's directory of the main classes (not the tests'), nested
     *         ones included
     */
    private static List<Class<?>> domainClasses() {
        URL url = BlobVersion.class.getResource(BlobVersion.class.getSimpleName() + ".class");
        assertThat(url).as("the domain package on the class path").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()).getParent())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.equals("package-info.class"))
                    .<Class<?>>map(name -> load(DOMAIN + "." + name.substring(0, name.length() - ".class".length())))
                    .filter(c -> !c.isAnonymousClass() && !c.isSynthetic())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NativeReflectionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
