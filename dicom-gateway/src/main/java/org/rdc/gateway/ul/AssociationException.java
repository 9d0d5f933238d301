package org.rdc.gateway.ul;

/** The association could not be used: rejected, aborted, or the connection was lost. */
public class AssociationException extends RuntimeException {

    public AssociationException(String message) {
        super(message);
    }

    public AssociationException(String message, Throwable cause) {
        super(message, cause);
    }
}
