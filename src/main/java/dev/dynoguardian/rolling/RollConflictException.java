package dev.dynoguardian.rolling;

/** A roll cannot start: the app has one running already. */
public class RollConflictException extends RuntimeException {

    RollConflictException(String message) {
        super(message);
    }
}
