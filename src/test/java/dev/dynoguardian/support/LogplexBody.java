package dev.dynoguardian.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Builds {@code application/logplex-1} bodies exactly as Heroku sends them: octet-counted RFC 5424 frames. */
public final class LogplexBody {

    private final List<String> messages = new ArrayList<>();
    private final List<byte[]> raw = new ArrayList<>();
    private Instant at;

    private LogplexBody(Instant at) {
        this.at = at;
    }

    public static LogplexBody at(Instant at) {
        return new LogplexBody(at);
    }

    /** A frame with APP-NAME {@code heroku}. */
    public LogplexBody heroku(String procId, String message) {
        return frame(158, "heroku", procId, message);
    }

    /** A frame with APP-NAME {@code app}: what the app printed. */
    public LogplexBody app(String procId, String message) {
        return frame(190, "app", procId, message);
    }

    public LogplexBody frame(int pri, String appName, String procId, String message) {
        String ts = DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MICROS)).replace("Z", "+00:00");
        String syslog = "<" + pri + ">1 " + ts + " host " + appName + " " + procId + " - " + message + "\n";
        byte[] bytes = syslog.getBytes(StandardCharsets.UTF_8);
        raw.add((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
        raw.add(bytes);
        messages.add(message);
        return this;
    }

    /** Arbitrary bytes between frames, e.g. a corrupt frame. */
    public LogplexBody garbage(String text) {
        raw.add(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public LogplexBody memory(String dyno, String uuid, double totalMb, double quotaMb) {
        return heroku(dyno, String.format(java.util.Locale.ROOT, "source=%s dyno=heroku.2808254.%s "
                + "sample#memory_total=%.2fMB sample#memory_rss=%.2fMB sample#memory_cache=0.48MB "
                + "sample#memory_swap=%.2fMB sample#memory_pgpgin=156757pages sample#memory_pgpgout=97224pages "
                + "sample#memory_quota=%.2fMB", dyno, uuid, totalMb, Math.min(totalMb, quotaMb),
                Math.max(0, totalMb - quotaMb), quotaMb));
    }

    public LogplexBody r14(String dyno) {
        return heroku(dyno, "Error R14 (Memory quota exceeded)");
    }

    public LogplexBody stateChanged(String dyno, String from, String to) {
        return heroku(dyno, "State changed from " + from + " to " + to);
    }

    public LogplexBody router(String dyno, int serviceMs, int status) {
        return heroku("router", "at=info method=GET path=\"/cart\" host=shop.example.com request_id=05726858-c44e "
                + "fwd=\"73.75.38.87\" dyno=" + dyno + " connect=1ms service=" + serviceMs + "ms status=" + status
                + " bytes=656 protocol=https");
    }

    public int frames() {
        return messages.size();
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        raw.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
