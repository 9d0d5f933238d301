package org.rdc.app;

import java.nio.file.Path;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.storage.InstanceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application on a random port with the demo facility's ECG door ({@link DemoEcgDoor#properties}), one
 * context and one new data directory per test class, as the ECG and Holter application tests start it. A test class
 * adds its own properties with a {@code @DynamicPropertySource} of its own.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class DemoEcgApplication {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void demoEcgDoor(DynamicPropertyRegistry registry) {
        // called once per context, so each test class (its own context, closed after it) has its own directory
        DemoEcgDoor.properties(registry, ApiClient.dataDirectory("rdc-ecg-app"));
    }

    /** The application's data directory, for the test's own files beside it. */
    protected Path data;
    @LocalServerPort
    protected int port;
    @Autowired
    protected EcgHttpServer ecg;
    @Autowired
    protected InstanceStore store;

    @Value("${rdc.data-dir}")
    void dataDirectory(String dir) {
        data = Path.of(dir);
    }
}
