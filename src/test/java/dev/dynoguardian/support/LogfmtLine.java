package dev.dynoguardian.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of one logfmt line, as log tooling reads the guardian's lines: pairs separated by spaces, a bare key
 * ({@code decision}) standing alone, values bare or in double quotes with {@code \\ \" \n \r \t} and
 * {@code \\uXXXX} escapes. Anything else (a raw control character, an unknown escape, an unclosed quote, a key twice)
 * is an error, so a test that reads a line back sees exactly what a reader would.
 */
public final class LogfmtLine {

    private LogfmtLine() {
    }

    /** Keys in line order; a bare key maps to the empty string. */
    public static Map<String, String> parse(String line) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int keyStart = i;
            while (i < line.length() && line.charAt(i) != '=' && line.charAt(i) != ' ') {
                check(line, i);
                i++;
            }
            String key = line.substring(keyStart, i);
            String value = "";
            if (i < line.length() && line.charAt(i) == '=') {
                i++;
                StringBuilder out = new StringBuilder();
                i = line.startsWith("\"", i) ? quoted(line, i + 1, out) : bare(line, i, out);
                value = out.toString();
            }
            if (key.isEmpty() || pairs.put(key, value) != null) {
                throw new IllegalArgumentException("empty or repeated key '" + key + "' in: " + line);
            }
        }
        return pairs;
    }

    private static int bare(String line, int i, StringBuilder out) {
        while (i < line.length() && line.charAt(i) != ' ') {
            char c = check(line, i);
            if (c == '"' || c == '=') {
                throw new IllegalArgumentException("'" + c + "' in a bare value at " + i + " of: " + line);
            }
            out.append(c);
            i++;
        }
        return i;
    }

    private static int quoted(String line, int i, StringBuilder out) {
        while (i < line.length()) {
            char c = check(line, i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) != ' ') {
                    throw new IllegalArgumentException("no space after a quoted value at " + i + " of: " + line);
                }
                return i + 1;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            char e = i + 1 < line.length() ? line.charAt(i + 1) : '?';
            switch (e) {
                case '\\', '"' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape at " + i + " of: " + line);
            }
            i += 2;
        }
        throw new IllegalArgumentException("unclosed quote in: " + line);
    }

    private static char check(String line, int i) {
        char c = line.charAt(i);
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            throw new IllegalArgumentException("raw control character U+" + Integer.toHexString(c) + " at " + i);
        }
        return c;
    }
}
