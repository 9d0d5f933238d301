package org.rdc.app.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rdc.app.RdcApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the centre (the default when no command is given).",
                "Configuration comes from RDC_* environment variables (see README) or --property=value arguments,",
                "e.g. --rdc.data-dir=/srv/rdc. Unset means the embedded defaults: S3 server, H2, all services on."})
public final class ServeCommand implements Callable<Integer> {

    @Unmatched
    String[] springArguments = new String[0];

    @Override
    public Integer call() {
        ConfigurableApplicationContext context = start(springArguments);
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener((ContextClosedEvent e) -> closed.countDown());
        if (!context.isActive()) {
            return 0;
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Starts the centre; an API-less node (gateway only) runs without a web server at all. */
    static ConfigurableApplicationContext start(String[] args) {
        SpringApplication app = new SpringApplication(RdcApplication.class);
        app.setWebApplicationType(httpEnabled(args) ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        return app.run(args);
    }

    static boolean httpEnabled(String[] args) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return env.getProperty("rdc.http.enabled", Boolean.class, env.getProperty("RDC_HTTP_ENABLED", Boolean.class, true));
    }
}
