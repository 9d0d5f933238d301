package org.rdc.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.reports.archive.ArchivePolicy;
import org.rdc.reports.archive.ReportArchive;
import org.rdc.reports.delivery.ReportDelivery;
import org.rdc.reports.critical.CriticalRelease;
import org.rdc.reports.critical.CriticalValues;
import org.rdc.reports.lifecycle.DeliveryRelease;
import org.rdc.reports.lifecycle.PdfSignStep;
import org.rdc.reports.lifecycle.Prefill;
import org.rdc.reports.lifecycle.ReleaseStep;
import org.rdc.reports.lifecycle.ReportPolicy;
import org.rdc.reports.lifecycle.ReportStore;
import org.rdc.reports.lifecycle.Reports;
import org.rdc.reports.lifecycle.StoredIssuedDocuments;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.signing.HttpTimeStamper;
import org.rdc.reports.signing.KeyKind;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.reports.signing.PadesReportSigner;
import org.rdc.reports.signing.PdfSignatureVerifier;
import org.rdc.reports.signing.ReportSigner;
import org.rdc.reports.signing.SigningCredential;
import org.rdc.reports.signing.SigningCredentials;
import org.rdc.reports.signing.SigningException;
import org.rdc.reports.signing.TimeStamper;
import org.rdc.reports.template.EcgPrefill;
import org.rdc.reports.template.HolterPrefill;
import org.rdc.reports.template.Templates;
import org.rdc.reports.verification.IssuedDocuments;
import org.rdc.reports.verification.ReportVerification;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.objectstore.ObjectStore;
import org.rdc.workstation.report.ReportAccess;
import org.rdc.workstation.report.WorklistTaskGate;
import org.rdc.workstation.security.UserAccount;
import org.rdc.workstation.security.UserStore;
import org.rdc.workstation.verification.VerificationSettings;
import org.rdc.workstation.worklist.Worklist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Reports: templates, the per-facility policy, the lifecycle on the catalog's database, and its
 * sign step wired to the real parts: PDF/A rendering, PAdES (+SM2) signatures with RFC 3161
 * timestamps, the immutable archive, and delivery back to the facility.
 */
@Configuration(proxyBeanMethods = false)
public class ReportConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReportConfiguration.class);

    /** Depends on the Catalog so that the schema (migrated with the data source) is there. */
    @Bean
    Templates reportTemplates(DataSource dataSource, Clock clock, Catalog catalog) {
        return new Templates(dataSource, clock);
    }

    @Bean
    ReportPolicy reportPolicy(@Value("${rdc.reports.policy:}") String spec) {
        try {
            return ReportPolicy.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("report policy (RDC_REPORTS_POLICY): " + e.getMessage(), e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ReportArchive reportArchive(ObjectStore store, DataSource dataSource, Clock clock, Catalog catalog) {
        return new ReportArchive(store, dataSource, clock, ArchivePolicy.DEFAULT);
    }

    /**
     * The alliance key store under the data directory (its CA creates itself the first time). Its
     * password comes from RDC_SIGNING_PASSWORD; without one a random password is made once and
     * kept next to the keys (owner-only), which protects nothing against someone who can read the
     * data directory: production sets the variable.
     */
    @Bean
    @ConditionalOnMissingBean
    KeyStoreDirectory signingKeyStore(RdcProperties rdc, Clock clock, @Value("${rdc.signing.password:}") String password,
                                      @Value("${rdc.signing.alliance-name:医联体远程诊断中心}") String alliance) {
        Path dir = rdc.dataDir().resolve("signing");
        char[] pw = password.isBlank() ? generatedPassword(dir) : password.toCharArray();
        return KeyStoreDirectory.open(dir, pw, clock, alliance);
    }

    @Bean
    @ConditionalOnMissingBean
    TimeStamper timeStamper(KeyStoreDirectory keys, @Value("${rdc.signing.tsa-url:}") String tsa) {
        return tsa.isBlank() ? keys.timestampAuthority() : new HttpTimeStamper(URI.create(tsa), Duration.ofSeconds(10));
    }

    /**
     * With {@code RDC_SIGNING_AUTO_ISSUE=true} (the default of the embedded CA) a reader who signs
     * for the first time is issued an RSA credential by the alliance CA; with {@code false} every
     * signer needs an imported or issued credential, and signing without one is refused.
     */
    @Bean
    @ConditionalOnMissingBean
    ReportSigner reportSigner(KeyStoreDirectory keys, TimeStamper stamper, Clock clock, UserStore users,
                              @Value("${rdc.signing.auto-issue:true}") boolean autoIssue) {
        SigningCredentials credentials = autoIssue ? new IssuingOnFirstUse(keys, users) : keys;
        return new PadesReportSigner(credentials, stamper, clock);
    }

    @Bean
    Reports reports(DataSource dataSource, Templates templates, ReportPolicy policy, Worklist worklist, InstanceStore store,
                    ReportSigner signer, ReportArchive archive, FacilityRegistry registry, ReportDelivery delivery,
                    CriticalValues criticalValues, Clock clock,
                    @Value("${rdc.reports.centre-name:远程影像心电诊断中心}") String centre,
                    @Value("${rdc.reports.verify-url:http://127.0.0.1:8080/verify/}") String verifyUrl,
                    @Value("${rdc.reports.delivery.time-zone:Asia/Shanghai}") String zone) {
        ZoneId z = ZoneId.of(zone);
        PdfSignStep sign = new PdfSignStep(new ReportPdf(), signer, archive, store, policy,
                id -> registry.facility(id).map(Facility::name).filter(n -> n != null && !n.isBlank()).orElse(id), centre,
                URI.create(verifyUrl.endsWith("/") ? verifyUrl : verifyUrl + "/"), z);
        // a release goes back to the facility and, flagged critical, raises its notification, in one transaction
        ReleaseStep release = new DeliveryRelease(delivery, new ReportStore(dataSource), templates, z)
                .andThen(new CriticalRelease(criticalValues));
        return new Reports(dataSource, templates, policy, new WorklistTaskGate(worklist, clock), Prefill.all(List.of(new EcgPrefill(store), new HolterPrefill(store))), sign, release, clock);
    }

    @Bean
    ReportAccess reportAccess(Reports reports, Catalog catalog, UserStore users) {
        return new ReportAccess(reports, catalog, users);
    }

    /** For verification (GET /verify/{code}, POST /api/reports/verify): which issued document a code or digest is. */
    @Bean
    IssuedDocuments issuedDocuments(Reports reports, ReportArchive archive) {
        return new StoredIssuedDocuments(reports.store(), archive);
    }

    /** Signatures checked against the alliance CA and the imported CAs of the key store. */
    @Bean
    ReportVerification reportVerification(KeyStoreDirectory keys, IssuedDocuments issued) {
        return new ReportVerification(new PdfSignatureVerifier(keys::trustAnchors), issued);
    }

    @Bean
    VerificationSettings verificationSettings(@Value("${rdc.reports.verify.max-size:32MB}") DataSize maxSize,
                                              @Value("${rdc.reports.verify.lookups-per-minute:30}") int lookupsPerMinute,
                                              @Value("${rdc.reports.delivery.time-zone:Asia/Shanghai}") String zone) {
        if (lookupsPerMinute < 1) {
            throw new IllegalStateException("RDC_REPORTS_VERIFY_LOOKUPS_PER_MINUTE must be at least 1, not " + lookupsPerMinute);
        }
        return new VerificationSettings(maxSize.toBytes(), lookupsPerMinute, ZoneId.of(zone));
    }

    private static char[] generatedPassword(Path dir) {
        Path file = dir.resolve("keystore-password");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's own protection applies
                }
                log.warn("signing: RDC_SIGNING_PASSWORD is not set; a random key-store password was written to {}"
                        + " (set the variable in production)", file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing key-store password in " + file, e);
        }
    }

    /** The key store, issuing a user with no credential an RSA one (2 years) from the alliance CA on first use. */
    static final class IssuingOnFirstUse implements SigningCredentials {

        private final KeyStoreDirectory keys;
        private final UserStore users;

        IssuingOnFirstUse(KeyStoreDirectory keys, UserStore users) {
            this.keys = keys;
            this.users = users;
        }

        @Override
        public List<SigningCredential> forSigning(String username) {
            try {
                return keys.forSigning(username);
            } catch (SigningException e) {
                if (e.reason() != SigningException.Reason.NO_CREDENTIAL) {
                    throw e;
                }
                String name = users.find(username).map(UserAccount::displayName).orElse(username);
                synchronized (this) {
                    if (keys.certificates(username).isEmpty()) {
                        keys.issue(username, name, KeyKind.RSA, Duration.ofDays(730));
                    }
                }
                return keys.forSigning(username);
            }
        }
    }
}
