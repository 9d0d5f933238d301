package org.rdc.gateway.dimse;

import java.io.IOException;

/** The association ended (abort, lost connection, protocol error) while a message was being received. */
public final class AssociationEndedException extends IOException {
    public AssociationEndedException(String message) {
        super(message);
    }
}
