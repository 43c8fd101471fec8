package dev.dynoguardian.latency;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One closed time bucket of one dyno's window, as an instance publishes it for the others in {@code latency_bucket}:
 * request and error counts, the sum of the timed requests in ms and their HdrHistogram.
 *
 * @param start epoch ms at which the bucket began
 */
record SharedBucket(String dyno, long start, long requests, long errors, double sumMs, AbstractHistogram histogram) {

    /** The histogram in HdrHistogram's compressed form (a few hundred bytes for a busy bucket). */
    byte[] encodedHistogram() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** A histogram as {@link #encodedHistogram()} wrote it. */
    static AbstractHistogram decodeHistogram(byte[] encoded) {
        try {
            return IntCountsHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), DynoWindow.MAX_MS);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram", e);
        }
    }
}
