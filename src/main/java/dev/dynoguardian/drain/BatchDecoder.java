package dev.dynoguardian.drain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Decodes a whole drain body into events, counting lines by kind and malformed frames. Thread-safe. */
final class BatchDecoder {

    /**
     * The result of decoding one body. Every message of the body counts once in {@code frames + malformed}, as in
     * logplex's {@code Logplex-Msg-Count}: {@code frames} are the frames read as syslog lines (each counted in
     * {@code lines} by kind), {@code malformed} the unreadable stretches and the frames whose syslog header is broken.
     * {@code repaired} counts the frames read whose octet count was wrong and repaired (see {@link LogplexDecoder}).
     */
    record Decoded(List<HerokuEvent> events, Map<LineKind, Integer> lines, int frames, int malformed, int repaired) {
    }

    private final TokenCache tokens = new TokenCache();
    private final boolean keepAppLines;

    BatchDecoder(boolean keepAppLines) {
        this.keepAppLines = keepAppLines;
    }

    Decoded decode(byte[] body, int length) {
        HerokuLineParser parser = new HerokuLineParser(tokens, keepAppLines);
        SyslogFrame frame = new SyslogFrame();
        List<HerokuEvent> events = new ArrayList<>();
        int[] counts = new int[LineKind.values().length];
        int[] read = new int[2];
        LogplexDecoder.Result result = LogplexDecoder.decode(body, length, (buf, from, to, repaired) -> {
            if (!frame.parse(buf, from, to)) {
                return;
            }
            read[0]++;
            read[1] += repaired ? 1 : 0;
            HerokuEvent event = parser.parse(frame);
            counts[parser.lastKind().ordinal()]++;
            if (event != null) {
                events.add(event);
            }
        });
        Map<LineKind, Integer> lines = new EnumMap<>(LineKind.class);
        for (LineKind kind : LineKind.values()) {
            if (counts[kind.ordinal()] > 0) {
                lines.put(kind, counts[kind.ordinal()]);
            }
        }
        int badHeaders = result.frames() - read[0];
        return new Decoded(events, lines, read[0], result.malformed() + badHeaders, read[1]);
    }
}
