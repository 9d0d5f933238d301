package org.rdc.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Wires the modules into one server. Each module contributes its beans from under {@code org.rdc}. */
@SpringBootApplication(scanBasePackages = "org.rdc")
@ConfigurationPropertiesScan("org.rdc")
public class RdcApplication {
}
