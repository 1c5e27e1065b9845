package io.odpimporter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code style that the formatter (Spotless, {@code ./mvnw spotless:apply}) does not enforce: no class named by its
 * fully qualified name in code, where an import says it once at the top. Comments, strings, imports and the package
 * line are not code here; a qualified name stays allowed where its simple name is taken in that file (imported from
 * another package, declared in the file, or a class of the file's own package).
 */
class CodeStyleTest {

    private static final List<Path> SOURCE_ROOTS = List.of(Path.of("src/main/java"), Path.of("src/test/java"));

    /** A package path of lower-case segments from a top-level domain, then a type name. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            "(?<![\\w.$])((?:java|javax|jakarta|org|com|io|net|sun|jdk)(?:\\.[a-z_][a-z0-9_]*)+)\\.([A-Z][A-Za-z0-9_$]*)");

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)\\.(\\w+)\\s*;");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

    @Test
    void noInlineFullyQualifiedClassNamesInCode() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : SOURCE_ROOTS) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> found.addAll(inlineNames(f)));
            }
        }
        assertThat(found)
                .as("inline fully qualified class names (import them instead)")
                .isEmpty();
    }

    @Test
    void findsQualifiedNamesInCodeOnlyAndAllowsClashes() {
        String source = """
                package io.odpimporter.x;

                import java.util.List;
                import org.example.thing.Duration;

                /** See {@link java.util.Map} and java.util.Set. */
                class Sample {
                    String s = "java.util.Optional";
                    java.util.concurrent.atomic.AtomicLong counter; // java.util.Deque
                    java.time.Duration clash;
                    Object p = java.nio.file.Path.of("x");
                    int n = this.value.SIZE;
                }
                """;
        assertThat(inlineNames("Sample.java", source, Set.of()))
                .containsExactly(
                        "Sample.java:9: java.util.concurrent.atomic.AtomicLong", "Sample.java:11: java.nio.file.Path");
        assertThat(inlineNames("Sample.java", source, Set.of("AtomicLong")))
                .containsExactly("Sample.java:11: java.nio.file.Path");
    }

    private static List<String> inlineNames(Path file) {
        try {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            Set<String> samePackage = new HashSet<>();
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                siblings.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".java"))
                        .forEach(n -> samePackage.add(n.substring(0, n.length() - ".java".length())));
            }
            return inlineNames(file.toString(), source, samePackage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each qualified name in code as "file:line: name", except where its simple name is taken in that file. */
    static List<String> inlineNames(String fileName, String source, Set<String> samePackage) {
        String[] lines = codeOnly(source).split("\n", -1);
        Set<String> taken = new HashSet<>(samePackage);
        Set<String> imported = new HashSet<>();
        for (String line : lines) {
            Matcher imp = IMPORT.matcher(line);
            if (imp.find()) {
                imported.add(imp.group(1) + "." + imp.group(2));
                taken.add(imp.group(2));
            }
            Matcher decl = DECLARATION.matcher(line);
            while (decl.find()) {
                taken.add(decl.group(1));
            }
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.matches("^\\s*(?:package|import)\\s.*")) {
                continue;
            }
            Matcher m = QUALIFIED_NAME.matcher(line);
            while (m.find()) {
                String name = m.group(1) + "." + m.group(2);
                boolean clash = taken.contains(m.group(2)) && !imported.contains(name);
                if (!clash) {
                    found.add(fileName + ":" + (i + 1) + ": " + name);
                }
            }
        }
        return found;
    }

    /** The source with comments, string, text block and character literals blanked out, lines kept. */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            String end;
            if (source.startsWith("//", i)) {
                end = "\n";
            } else if (source.startsWith("/*", i)) {
                end = "*/";
            } else if (source.startsWith("\"\"\"", i)) {
                end = "\"\"\"";
            } else if (c == '"' || c == '\'') {
                end = String.valueOf(c);
            } else {
                out.append(c);
                i++;
                continue;
            }
            int j = i + (end.equals("\n") ? 2 : end.length());
            while (j < n && !source.startsWith(end, j)) {
                j += source.charAt(j) == '\\' && !end.equals("\n") && !end.equals("*/") ? 2 : 1;
            }
            j = Math.min(n, end.equals("\n") ? j : j + end.length());
            for (int k = i; k < j; k++) {
                out.append(source.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = j;
        }
        return out.toString();
    }
}
