package org.rdc.storage.objectstore;

/**
 * S3 Object Lock retention modes (AWS S3 User Guide, "Object Lock"; MinIO implements the same API).
 * COMPLIANCE: no one, the store's root user included, can delete or overwrite a locked object version
 * or shorten its retention. GOVERNANCE: only a user granted s3:BypassGovernanceRetention can.
 */
public enum ObjectLockMode {
    GOVERNANCE, COMPLIANCE
}
