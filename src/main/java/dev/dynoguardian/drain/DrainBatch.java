package dev.dynoguardian.drain;

import java.util.List;

/**
 * The events of one accepted drain request for one watched app, in body order. {@code receivedAt} is the guardian's
 * clock when the request arrived: decisions use it; message times ({@link HerokuEvent#at()}) only place samples in
 * windows.
 */
public record DrainBatch(String app, long receivedAt, List<HerokuEvent> events) {
}
