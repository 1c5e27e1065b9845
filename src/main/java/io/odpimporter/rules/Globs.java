package io.odpimporter.rules;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a rule's glob on the whole blob name to a regular expression, once (docs/configuration.md, "Rules"). Case
 * sensitive; any character other than the ones below matches itself (spaces, unicode, {@code .}, {@code +}, ...):
 * <ul>
 *   <li>{@code *}: any characters except {@code /} (within one path segment);
 *   <li>{@code **}: any characters, {@code /} included; {@code **}{@code /} also matches no directory at all, so
 *       {@code **}{@code /*.csv} matches {@code a.csv} and {@code x/y/a.csv};
 *   <li>{@code ?}: one character except {@code /};
 *   <li>{@code {csv,jsonl}}: one of the comma-separated alternatives (each a glob; not nested);
 *   <li>{@code [a-z]}, {@code [!0-9]}: one character of (not of) a class, never {@code /};
 *   <li>{@code \}: the next character literally.
 * </ul>
 * Unlike java.nio's PathMatcher it never splits a name into a file system's path parts, so a blob name is matched as
 * the text it is.
 */
public final class Globs {

    private static final String ANY_FOLDERS = "(?:.*/)?";

    private Globs() {}

    /**
     * @param glob a glob
     * @return the pattern matching exactly the names the glob matches
     * @throws IllegalArgumentException with the reason for a glob that is empty or unbalanced
     */
    public static Pattern compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        StringBuilder regex = new StringBuilder();
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= glob.length()) {
                        throw new IllegalArgumentException("'\\' at the end escapes nothing");
                    }
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                    i++;
                }
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
                        if (segmentStart && i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
                            // '**/**/' is '**/': a repeated one would only multiply the backtracking
                            if (!regex.toString().endsWith(ANY_FOLDERS)) {
                                regex.append(ANY_FOLDERS);
                            }
                            i += 2;
                        } else {
                            regex.append(".*");
                            i++;
                        }
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '{' -> {
                    if (inGroup) {
                        throw new IllegalArgumentException("'{' inside '{...}' (alternatives cannot be nested)");
                    }
                    inGroup = true;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (!inGroup) {
                        throw new IllegalArgumentException("'}' without '{'");
                    }
                    inGroup = false;
                    regex.append(')');
                }
                case ',' -> regex.append(inGroup ? "|" : ",");
                case '[' -> i = charClass(glob, i, regex);
                case ']' -> throw new IllegalArgumentException("']' without '['");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        if (inGroup) {
            throw new IllegalArgumentException("unclosed '{'");
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("a class that is not one (" + e.getDescription() + ")");
        }
    }

    /** @return whether the glob matches every blob name (a catch-all: later rules never match) */
    public static boolean matchesEverything(String glob) {
        return glob.equals("**") || glob.equals("**/*") || glob.equals("**/**");
    }

    /** Appends the class starting at {@code glob[open]}; @return the index of its closing {@code ]} */
    private static int charClass(String glob, int open, StringBuilder regex) {
        int i = open + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            cls.append('^');
            i++;
        }
        int first = i;
        while (i < glob.length() && (glob.charAt(i) != ']' || i == first)) {
            char c = glob.charAt(i);
            if (c == '/') {
                throw new IllegalArgumentException("'/' inside '[...]' (a class matches one character of a name)");
            }
            if (c == '-' && i > first && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                cls.append('-');
            } else {
                if (c == '\\' || c == '[' || c == ']' || c == '^' || c == '&' || c == '-') {
                    cls.append('\\');
                }
                cls.append(c);
            }
            i++;
        }
        if (i >= glob.length()) {
            throw new IllegalArgumentException("unclosed '['");
        }
        // a negated class never matches '/' either
        regex.append("(?![/])").append(cls).append(']');
        return i;
    }
}
