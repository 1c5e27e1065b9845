package io.odpimporter.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The complete rules example of docs/configuration.md ("Rules"), as the tests use it: the fenced block after the
 * marker {@code <!-- rules-example:properties -->} (properties form) or {@code <!-- rules-example:env -->}
 * (environment-variable form, {@code NAME=value} lines), so the documented example is the one that is tested.
 */
public final class RulesExample {

    public static final Path DOC = Path.of("docs/configuration.md");

    private RulesExample() {}

    /** @return the example's keys in properties form, in the doc's order */
    public static Map<String, String> properties() {
        return parse(block("properties"));
    }

    /** @return the example's environment variables, in the doc's order */
    public static Map<String, String> environment() {
        return parse(block("env"));
    }

    /** @return the text of the fenced block following {@code <!-- rules-example:<form> -->} */
    public static String block(String form) {
        try {
            String doc = Files.readString(DOC);
            Matcher block = Pattern.compile(
                            "<!-- rules-example:" + Pattern.quote(form) + " -->\\s*```[a-z]*\\n(.*?)\\n```",
                            Pattern.DOTALL)
                    .matcher(doc);
            if (!block.find()) {
                throw new IllegalStateException(DOC + " has no block marked <!-- rules-example:" + form + " -->");
            }
            return block.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code key=value} lines (comments and blank lines skipped), in order */
    public static Map<String, String> parse(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(trimmed));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            one.forEach((k, v) -> keys.put((String) k, (String) v));
        }
        return keys;
    }
}
