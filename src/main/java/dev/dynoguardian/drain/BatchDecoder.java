package dev.dynoguardian.drain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Decodes a whole drain body into events, counting lines by kind and malformed frames. Thread-safe. */
final class BatchDecoder {

    /** The result of decoding one body. */
    record Decoded(List<HerokuEvent> events, Map<LineKind, Integer> lines, int frames, int malformed) {
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
        int[] badHeaders = new int[1];
        LogplexDecoder.Result result = LogplexDecoder.decode(body, length, (buf, from, to) -> {
            if (!frame.parse(buf, from, to)) {
                badHeaders[0]++;
                return;
            }
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
        return new Decoded(events, lines, result.frames(), result.malformed() + badHeaders[0]);
    }
}
