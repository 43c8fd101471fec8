package dev.dynoguardian.support;

import dev.dynoguardian.support.HostileBody.Choices;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The lines of a {@link HostileBody}: syslog messages the platform, the app or a forger would write, and garbage. */
final class HostileLines {

    private static final String[] PROC_IDS = {"router", "web.1", "web.12", "worker.3", "run.6221",
        "web.4ed720fa31-ur8z1", "logplex", "web", "web.", ".1", "web/../1", "wéb.1", "web.1?x", "-"};
    private static final String[] STATES = {"up", "down", "crashed", "idle", "starting", "UP", "", "upup"};
    private static final String[] CODES = {"H12", "H18", "L10", "R1", "h12", "H1234", "", "\"H 12\""};

    private HostileLines() {
    }

    /** A syslog message without a newline: a header, then a platform, app or random line. */
    static byte[] message(Choices c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String app = c.pick(0, 3) == 0 ? "app" : "heroku";
        String proc = c.pick(0, 4) == 0 ? ascii(c, 12) : PROC_IDS[c.pick(0, PROC_IDS.length - 1)];
        String ts = c.pick(0, 1) == 0 ? "2026-11-21T10:00:00.123456+00:00" : "2026-11-21T10:00:0" + c.pick(0, 9) + "Z";
        write(out, "<" + c.pick(0, 191) + ">1 " + ts + " host " + app + " " + proc + " - ");
        String dyno = c.pick(0, 3) == 0 ? ascii(c, 12) : "web." + c.pick(0, 40);
        switch (c.pick(0, 9)) {
            case 0 -> write(out, c.pick(0, 1) == 0 ? "Error R14 (Memory quota exceeded)"
                    : "Error R15 (Memory quota vastly exceeded)");
            case 1 -> write(out, "source=" + dyno + " dyno=heroku.2808254." + (c.pick(0, 1) == 0 ? ascii(c, 80)
                    : "d97d0ea7-cf3d-411b-b453-d2943a50b456") + " sample#memory_total=" + c.pick(0, 99_999) + "."
                    + c.pick(0, 99) + "MB sample#memory_rss=1.25MB sample#memory_quota=" + c.pick(0, 2048) + ".00MB");
            case 2 -> write(out, "source=" + dyno + " sample#load_avg_1m=" + c.pick(0, 99) + ".46");
            case 3 -> {
                String pair = "dyno=" + dyno + " code=" + CODES[c.pick(0, CODES.length - 1)] + " ";
                write(out, "at=info " + pair.repeat(c.pick(1, 2) == 1 ? 1 : c.pick(1, 5000)) + "connect=1ms service="
                        + c.pick(0, 30_000) + "ms status=" + c.pick(100, 599));
            }
            case 4 -> write(out, "State changed from " + STATES[c.pick(0, STATES.length - 1)] + " to "
                    + STATES[c.pick(0, STATES.length - 1)]);
            case 5 -> write(out, "Process running mem=" + c.pick(0, 99_999) + "M(" + c.pick(0, 999) + ".6%)");
            case 6 -> write(out, "Error L10 (output buffer overflow): " + c.pick(0, Integer.MAX_VALUE)
                    + " messages dropped since 2013-04-17T19:04:46+00:00.");
            case 7 -> write(out, c.pick(0, 1) == 0 ? "Restarting" : "Cycling");
            case 8 -> out.writeBytes(c.bytes(512));
            default -> out.writeBytes(repeat((byte) c.pick(0, 255), c.pick(1, 100_000)));
        }
        out.writeBytes(c.bytes(c.pick(0, 64)));
        return withoutNewlines(out.toByteArray());
    }

    /** A garbage line, without its newline (any newline inside becomes a space). */
    static byte[] garbage(Choices c) {
        return withoutNewlines(switch (c.pick(0, 6)) {
            case 0 -> c.bytes(256);
            case 1 -> concat(ascii(count(c) + " <" + c.pick(0, 9)), c.bytes(128));
            case 2 -> repeat((byte) c.pick(0, 255), c.pick(1, 100_000));
            case 3 -> {
                byte[] frame = counted(message(c), 0);
                yield java.util.Arrays.copyOf(frame, c.pick(0, frame.length - 1));
            }
            case 4 -> counted(message(c), c.pick(-60, 60));
            case 5 -> ascii(new String[] {"", "\r", "   ", " <1", "<134>1 "}[c.pick(0, 4)]);
            default -> ascii("1 <1 ".repeat(c.pick(1, 2000)));
        });
    }

    /** Counts as a broken sender writes them: small, huge, negative, of 8 or more digits, or past a long. */
    private static String count(Choices c) {
        return switch (c.pick(0, 4)) {
            case 0 -> String.valueOf(c.pick(0, 9_999_999));
            case 1 -> "-" + c.pick(0, 999);
            case 2 -> String.valueOf(10_000_000L + c.pick(0, Integer.MAX_VALUE));
            case 3 -> "99999999999999999999999";
            default -> String.valueOf(c.pick(0, 400));
        };
    }

    /** The message as a frame whose count is {@code delta} bytes off the exact one (which includes a newline). */
    private static byte[] counted(byte[] message, int delta) {
        return concat(ascii((message.length + 1 + delta) + " "), message);
    }

    /** Up to {@code max} printable ASCII characters other than a space. */
    private static String ascii(Choices c, int max) {
        byte[] b = c.bytes(max);
        for (int i = 0; i < b.length; i++) {
            b[i] = b[i] > ' ' && b[i] < 0x7f ? b[i] : (byte) '_';
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] repeat(byte b, int n) {
        byte[] r = new byte[n];
        java.util.Arrays.fill(r, b);
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] withoutNewlines(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = ' ';
            }
        }
        return b;
    }
}
