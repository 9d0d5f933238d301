package org.rdc.gateway.ul;

import org.rdc.gateway.ul.Pdu.AssociateRj;

/** The peer answered A-ASSOCIATE-RJ (PS3.8 9.3.4); {@link #rejection()} has result, source and reason. */
public final class AssociationRejectedException extends AssociationException {

    private final AssociateRj rejection;

    public AssociationRejectedException(AssociateRj rejection) {
        super("association rejected: " + rejection.describe());
        this.rejection = rejection;
    }

    public AssociateRj rejection() {
        return rejection;
    }
}
