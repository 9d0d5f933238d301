package org.rdc.app.ecg;

import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.rdc.app.RdcApplication;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.storage.InstanceStore;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole centre in a child process, for kill tests. Prints {@code PORT <dicom port>} once it
 * listens, then {@code TASK <study> <priority> <critical> <analyses>} for every reading task as it
 * appears (analyses: the study's ECG analysis attachments at that moment).
 */
public final class AppChild {

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RdcApplication.class).web(WebApplicationType.NONE)
                .run(args);
        System.out.println("PORT " + ctx.getBean(DicomGateway.class).port());
        JdbcClient jdbc = JdbcClient.create(ctx.getBean(DataSource.class));
        InstanceStore store = ctx.getBean(InstanceStore.class);
        Set<String> seen = new HashSet<>();
        while (true) {
            jdbc.sql("SELECT study_uid, priority, critical FROM reading_task").query((rs, n) -> {
                String study = rs.getString(1);
                if (seen.add(study)) {
                    System.out.println("TASK " + study + " " + rs.getString(2) + " " + rs.getBoolean(3) + " "
                            + store.catalog().attachments(study, EcgIntake.ANALYSIS).size());
                }
                return study;
            }).list();
            Thread.sleep(100);
        }
    }
}
