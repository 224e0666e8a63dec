package io.certatlas.server;

import io.certatlas.server.certview.PageCache;
import io.certatlas.server.security.LoginService;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Database;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.LoginThrottle;
import io.certatlas.store.access.Tags;
import io.certatlas.store.read.CertificateDocuments;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.DocumentTransactions;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.conf.SettingsTools;
import org.jooq.impl.DSL;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The store-side objects the controllers use, made once from the store handed to the server. */
@Configuration
public class ServerBeans {

    @Bean
    public Accounts accounts(DSLContext db) {
        return new Accounts(db);
    }

    @Bean
    public Tags tags(DSLContext db) {
        return new Tags(db);
    }

    @Bean
    public CertificateReader certificateReader(DSLContext db, Database database, ServerSettings settings) {
        // Lists, counts and exports read in its snapshots: on the read replica when there is one.
        // Each of their statements may run for the set time, then the driver asks PostgreSQL to
        // stop it: a filter that happens to be costly must not hold a connection indefinitely.
        Settings limited = SettingsTools.clone(db.settings()).withQueryTimeout((int) settings.queryTimeout().toSeconds());
        return new CertificateReader(DSL.using(db.configuration().derive(limited)), database.readReplica(),
                documentTransactions);
    }

    /** The transactions that store certificate documents, which snapshots are named without. */
    private final DocumentTransactions documentTransactions = new DocumentTransactions();

    @Bean
    public CertificateDocuments certificateDocuments(DSLContext db) {
        // Bodies are stored on the primary, where the stamps they are checked against are written.
        return new CertificateDocuments(db, documentTransactions);
    }

    @Bean
    public PageCache pageCache(ServerSettings settings) {
        return new PageCache(settings.pageCacheBytes().orElse(PageCache.defaultCapacity()));
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        return Passwords.encoder();
    }

    @Bean
    public LoginService loginService(Accounts accounts, DSLContext db, PasswordEncoder passwordEncoder) {
        return new LoginService(accounts, new LoginThrottle(db), passwordEncoder);
    }
}
