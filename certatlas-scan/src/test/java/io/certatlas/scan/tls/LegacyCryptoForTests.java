package io.certatlas.scan.tls;

import java.security.Security;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Lets this module's test servers offer TLS 1.0, RC4, 3DES and small keys, which the scanner must
 * find. The JDK reads its disabled-algorithm lists once, when the first TLS context is made, so
 * they are cleared here, as the test JVM starts and before any test class runs: cleared by a
 * test class instead, they would only take effect when that class happened to run first.
 */
public final class LegacyCryptoForTests implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
        Security.setProperty("jdk.certpath.disabledAlgorithms", "");
    }
}
