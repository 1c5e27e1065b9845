package io.odpimporter.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation's cross-references resolve: every relative link of README.md and docs/*.md names a file of the
 * repository (and, with {@code #anchor}, a heading of that file, by GitHub's anchor rules), and every
 * {@code docs/architecture.md §N} cited in code, scripts and manifests is a numbered section of that document.
 */
class DocumentationLinksTest {

    private static final Path ARCHITECTURE = Path.of("docs/architecture.md");
    /** [text](target) or ![alt](target), target without spaces; a title after it is not used here. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern CITATION = Pattern.compile("docs/architecture\\.md,? (§[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern SECTION = Pattern.compile("^#{2,3} (§[0-9]+(?:\\.[0-9]+)?) ", Pattern.MULTILINE);

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** @return GitHub's anchor of a heading: lower case, punctuation (and §, backticks) dropped, spaces to '-' */
    static String anchor(String heading) {
        StringBuilder slug = new StringBuilder();
        heading.trim().toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static Set<String> anchors(Path doc) throws IOException {
        Matcher heading = HEADING.matcher(withoutCodeBlocks(Files.readString(doc)));
        Set<String> anchors = new TreeSet<>();
        while (heading.find()) {
            anchors.add(anchor(heading.group(1)));
        }
        return anchors;
    }

    /** @return the text with fenced code blocks blanked, so a shell comment is not taken for a heading */
    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?ms)^```.*?^```", "");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(anchor("§5.4 Per-key order in the sink")).isEqualTo("54-per-key-order-in-the-sink");
        assertThat(anchor("Crash and outage suite (part of `./mvnw verify`)"))
                .isEqualTo("crash-and-outage-suite-part-of-mvnw-verify");
        assertThat(anchor("Activity log (OCP's notifications)")).isEqualTo("activity-log-ocps-notifications");
    }

    @Test
    void everyRelativeLinkOfTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher link = LINK.matcher(withoutCodeBlocks(Files.readString(doc)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no file " + resolved + ")");
                } else if (hash >= 0
                        && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(doc + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        assertThat(broken).as("broken links: " + broken).isEmpty();
    }

    @Test
    void everyCitedArchitectureSectionExists() throws IOException {
        Matcher section = SECTION.matcher(Files.readString(ARCHITECTURE));
        Set<String> sections = new TreeSet<>();
        while (section.find()) {
            sections.add(section.group(1));
        }
        assertThat(sections).contains("§1", "§4.1", "§5.4", "§9");

        List<String> unknown = new ArrayList<>();
        List<String> cited = new ArrayList<>();
        List<Path> roots = List.of(
                Path.of("src/main"),
                Path.of("src/test"),
                Path.of("bin"),
                Path.of("k8s"),
                Path.of(".ci"),
                Path.of("docs"),
                Path.of("pom.xml"),
                Path.of("README.md"));
        for (Path root : roots) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
            }
            for (Path file : files) {
                String text;
                try {
                    text = Files.readString(file);
                } catch (IOException notText) {
                    continue; // binary (images, fixtures)
                }
                Matcher citation = CITATION.matcher(text);
                while (citation.find()) {
                    cited.add(citation.group(1));
                    if (!sections.contains(citation.group(1))) {
                        unknown.add(file + ": " + citation.group(1));
                    }
                }
            }
        }
        assertThat(cited).as("code cites docs/architecture.md sections").isNotEmpty();
        assertThat(unknown)
                .as("citations of sections docs/architecture.md does not have: " + unknown)
                .isEmpty();
    }
}
