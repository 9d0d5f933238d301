package org.rdc.app.config;

import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.storage.catalog.Catalog;
import org.rdc.workstation.security.Accounts;
import org.rdc.workstation.security.ApiTokens;
import org.rdc.workstation.security.Callers;
import org.rdc.workstation.security.UserStore;
import org.rdc.workstation.worklist.Priority;
import org.rdc.workstation.worklist.Priors;
import org.rdc.workstation.worklist.RoutingRules;
import org.rdc.workstation.worklist.ServiceLine;
import org.rdc.workstation.worklist.StudyRouter;
import org.rdc.workstation.worklist.Worklist;
import org.rdc.workstation.worklist.WorklistSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Users and the reading worklist, on the catalog's database (their tables come with the same Flyway run). */
@Configuration(proxyBeanMethods = false)
public class WorklistConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorklistConfiguration.class);

    @Bean
    WorklistSettings worklistSettings(RdcProperties rdc) {
        RdcProperties.Worklist w = rdc.worklist();
        try {
            WorklistSettings s = new WorklistSettings(w.quietPeriod(), Priority.valueOf(w.defaultPriority().trim().toUpperCase(Locale.ROOT)),
                    WorklistSettings.facilities(w.facilities()), RoutingRules.parse(w.modalities(), w.sopClasses()),
                    ServiceLine.valueOf(w.fallbackServiceLine().trim().toUpperCase(Locale.ROOT)), WorklistSettings.sla(w.sla()),
                    w.lease(), WorklistSettings.qcReasons(w.qcReasons()), w.pollInterval(),
                    WorklistSettings.priorityMarkings(w.priorityMarkings()));
            log.info("worklist: quiet period {}, default priority {}, lease {}, facilities {}", s.defaultQuietPeriod(),
                    s.defaultPriority(), s.lease(), s.facilities().keySet());
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("worklist configuration (RDC_WORKLIST_*): " + e.getMessage(), e);
        }
    }

    /**
     * bcrypt, stored as {bcrypt}...: the prefix lets a later move to argon2 keep the old hashes
     * working. The cost (default 10, about 0.1 s per check) is recorded in each hash; tests lower it
     * with rdc.security.bcrypt-strength to stay fast.
     */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${rdc.security.bcrypt-strength:10}") int strength) {
        DelegatingPasswordEncoder encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put("bcrypt", new BCryptPasswordEncoder(strength));
        DelegatingPasswordEncoder withStrength = new DelegatingPasswordEncoder("bcrypt", encoders);
        // Hashes of any other id (none are written today) are still checked by the standard set.
        withStrength.setDefaultPasswordEncoderForMatches(encoder);
        return withStrength;
    }

    /** Depends on the Catalog so that the schema (migrated with the data source) is there. */
    @Bean
    UserStore userStore(DataSource dataSource, Clock clock, Catalog catalog) {
        return new UserStore(dataSource, clock);
    }

    @Bean
    Accounts accounts(UserStore users, PasswordEncoder encoder, RdcProperties rdc) {
        Accounts accounts = new Accounts(users, encoder);
        accounts.bootstrapAdmin(rdc.admin().user(), rdc.admin().password());
        return accounts;
    }

    @Bean
    ApiTokens apiTokens(DataSource dataSource, UserStore users, Clock clock) {
        return new ApiTokens(dataSource, users, clock);
    }

    @Bean
    Callers callers(UserStore users) {
        return new Callers(users);
    }

    @Bean
    Worklist worklist(DataSource dataSource, Catalog catalog, Clock clock, WorklistSettings settings, UserStore users) {
        return new Worklist(dataSource, catalog, clock, settings, users);
    }

    @Bean
    Priors priors(Catalog catalog, DataSource dataSource) {
        return new Priors(catalog, dataSource);
    }

    /**
     * Readiness from the gateway: a Storage Commitment that covered every instance, or the end of a
     * STOW-RS request, marks the study ready in the catalog and has the router look at once.
     * The gateway's wiring passes every GatewayListener bean to the gateway.
     */
    @Bean
    GatewayListener worklistReadiness(Catalog catalog, StudyRouter router) {
        return new GatewayListener() {
            @Override
            public void storageCommitted(StorageCommitted e) {
                if (e.allCommitted()) {
                    e.studyInstanceUids().forEach(study -> catalog.markReady(study, "STORAGE_COMMITMENT"));
                    router.nudge();
                }
            }

            @Override
            public void stowCompleted(StowCompleted e) {
                if (e.stored() > 0) {
                    e.studyInstanceUids().forEach(study -> catalog.markReady(study, "STOW_RS"));
                    router.nudge();
                }
            }
        };
    }

    @Bean(destroyMethod = "close")
    StudyRouter studyRouter(DataSource dataSource, Catalog catalog, Clock clock, WorklistSettings settings, Worklist worklist,
                            RdcProperties rdc, org.springframework.beans.factory.ObjectProvider<org.rdc.workstation.worklist.RoutingGate> gate) {
        // the ECG intake's gate holds an ECG study until its analysis has run (none when the intake is off)
        StudyRouter router = new StudyRouter(dataSource, catalog, clock, settings, worklist,
                gate.getIfAvailable(() -> org.rdc.workstation.worklist.RoutingGate.OPEN));
        if (rdc.worklist().routerEnabled()) {
            router.start();
        }
        return router;
    }
}
