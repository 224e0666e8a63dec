package io.certatlas.server;

import io.certatlas.server.scanning.ObservationsController;
import io.certatlas.server.scanning.ScanWorkSettings;
import io.certatlas.server.security.TokenService;
import io.certatlas.server.tls.ServerIdentity;
import io.certatlas.store.Database;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import io.certatlas.server.api.JsonErrorReportValve;
import io.certatlas.server.api.ServletlessAnswers;
import io.certatlas.server.api.TraceRefusingDispatcherServlet;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * The HTTP server: HTTPS with the server's identity, plain HTTP beside it on loopback, the
 * Certificate View API and the admin API over the store it is given. Start with {@link #start}.
 */
public final class CertAtlasServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ServerIdentity identity;

    private CertAtlasServer(ConfigurableApplicationContext context, ServerIdentity identity) {
        this.context = context;
        this.identity = identity;
    }

    public static CertAtlasServer start(ServerSettings settings, Database database) {
        return start(settings, database, Clock.systemUTC());
    }

    public static CertAtlasServer start(ServerSettings settings, Database database, Clock clock) {
        return start(settings, database, clock, ScanWorkSettings.defaults());
    }

    /** @param scanWork which zones' jobs this server's runner takes, and the lease of an agent's job */
    public static CertAtlasServer start(ServerSettings settings, Database database, Clock clock, ScanWorkSettings scanWork) {
        ServerIdentity identity = ServerIdentity.load(settings.dataDirectory(), settings.certificatePem(), settings.privateKeyPem());
        TokenService tokens = TokenService.forDataDirectory(settings.dataDirectory(), clock);
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", settings.bindAddress().getHostAddress());
        properties.put("server.port", settings.httpsPort());
        properties.put("server.ssl.enabled", true);
        properties.put("server.ssl.key-store", identity.keystore().toAbsolutePath().toString());
        properties.put("server.ssl.key-store-password", identity.keystorePassword());
        properties.put("server.ssl.key-store-type", "PKCS12");
        properties.put("server.ssl.enabled-protocols", "TLSv1.2,TLSv1.3");
        properties.put("server.http2.enabled", false);
        properties.put("server.error.whitelabel.enabled", false);
        // A refused body is read to its end (up to four times the largest one we accept) before
        // the connection is reused; closing on an unread body resets it, and the client then
        // loses the 413 that says what was wrong. Twice was too little for a 20 MB file posted to
        // the wrong endpoint: whether its sender read the 413 or a reset depended on timing.
        properties.put("server.tomcat.max-swallow-size", (4 * ObservationsController.MAX_BODY_BYTES) + "B");
        properties.put("spring.threads.virtual.enabled", true);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", false);
        properties.put("spring.mvc.throw-exception-if-no-handler-found", true);
        // Bodies are read raw (JSON arrives with any content type); a form filter would eat PUT bodies first.
        properties.put("spring.mvc.formcontent.filter.enabled", false);
        // Likewise the multipart parser: it would take a JSON body labelled multipart/form-data
        // for an empty form, and the request would run as if nothing had been asked.
        properties.put("spring.servlet.multipart.enabled", false);
        properties.put("spring.web.resources.add-mappings", false);
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.io.certatlas", "INFO");
        SpringApplication application = new SpringApplication(ServerApplication.class);
        application.setDefaultProperties(properties);
        application.setRegisterShutdownHook(false);
        application.addInitializers(ctx -> {
            var beans = ctx.getBeanFactory();
            beans.registerSingleton("database", database);
            beans.registerSingleton("dslContext", database.dsl());
            beans.registerSingleton("serverSettings", settings);
            beans.registerSingleton("serverIdentity", identity);
            beans.registerSingleton("tokenService", tokens);
            beans.registerSingleton("clock", clock);
            beans.registerSingleton("scanWorkSettings", scanWork);
        });
        ConfigurableApplicationContext context = application.run();
        return new CertAtlasServer(context, identity);
    }

    /** The HTTPS port actually bound (useful when 0 was asked for). */
    public int httpsPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The plain HTTP port actually bound, when plain HTTP is served. */
    public OptionalInt httpPort() {
        var webServer = ((WebServerApplicationContext) context).getWebServer();
        if (webServer instanceof org.springframework.boot.tomcat.TomcatWebServer tomcat) {
            for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
                if (!connector.getSecure() && "http".equals(connector.getScheme())) {
                    return OptionalInt.of(connector.getLocalPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    public ServerIdentity identity() {
        return identity;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    /** The Spring Boot application: our components plus the auto-configuration of web and security. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan(basePackages = "io.certatlas.server")
    static class ServerApplication {

        /** Tomcat's own error answers (a path it refuses before any servlet runs) in JSON, as every other error. */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }

        /**
         * TRACE reaches Spring, which refuses it as any method the path does not take (Tomcat's own
         * 405 could not name the path's methods); OPTIONS * and HTTP/0.9, which Tomcat answers
         * itself, are answered by {@link ServletlessAnswers}.
         */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> servletlessAnswers() {
            return factory -> factory.addConnectorCustomizers(ServerApplication::answerEdgesThroughOurs);
        }

        /** Spring's dispatcher, but one that never echoes a TRACE. */
        @Bean(name = "dispatcherServlet")
        DispatcherServlet dispatcherServlet() {
            return new TraceRefusingDispatcherServlet();
        }

        private static void answerEdgesThroughOurs(Connector connector) {
            connector.setAllowTrace(true);
            ServletlessAnswers.installOn(connector);
        }

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector(ServerSettings settings) {
            return factory -> settings.effectiveHttpPort().ifPresent(port -> {
                Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
                answerEdgesThroughOurs(connector);
                connector.setScheme("http");
                connector.setPort(port);
                connector.setProperty("address", settings.bindAddress().getHostAddress());
                factory.addAdditionalConnectors(connector);
            });
        }
    }
}
