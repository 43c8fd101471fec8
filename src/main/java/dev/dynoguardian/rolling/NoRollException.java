package dev.dynoguardian.rolling;

/** There is no running roll to stop. */
public class NoRollException extends RuntimeException {

    NoRollException(String message) {
        super(message);
    }
}
