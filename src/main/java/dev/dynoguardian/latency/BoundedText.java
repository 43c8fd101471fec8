package dev.dynoguardian.latency;

/**
 * A line matched against an operator's regular expression at a bounded cost: a pattern that backtracks badly on some
 * input (the app prints whatever it likes) gives up after {@value #MAX_STEPS} character reads instead of holding the
 * drain's request thread. Every read of the text by the matcher counts as one step.
 */
final class BoundedText implements CharSequence {

    static final int MAX_STEPS = 200_000;

    /** The match took more steps than it may. */
    static final class TooCostly extends RuntimeException {
        TooCostly() {
            super("app line pattern gave up after " + MAX_STEPS + " steps", null, false, false);
        }
    }

    private final String text;
    private final int[] steps;

    BoundedText(String text) {
        this(text, new int[1]);
    }

    private BoundedText(String text, int[] steps) {
        this.text = text;
        this.steps = steps;
    }

    @Override
    public char charAt(int index) {
        if (++steps[0] > MAX_STEPS) {
            throw new TooCostly();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), steps);
    }

    @Override
    public String toString() {
        return text;
    }
}
