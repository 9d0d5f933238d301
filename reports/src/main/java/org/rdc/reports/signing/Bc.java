package org.rdc.reports.signing;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle provider, passed explicitly (never registered globally) so SM2/SM3 are always there. */
final class Bc {

    static final Provider PROVIDER = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();

    private Bc() {
    }
}
