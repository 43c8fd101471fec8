package dev.dynoguardian.restart;

/** A request named an app this guardian does not watch. */
public class UnknownAppException extends IllegalArgumentException {

    public UnknownAppException(String app) {
        super("app '" + app + "' is not watched by this guardian");
    }
}
