package io.certatlas.client.tls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The base URL of a server, checked: http or https with a host; a path (a gateway's prefix) is
 * kept and endpoints are resolved below it. Plain HTTP only to a loopback address: a password and
 * its token must not cross a network in clear.
 */
public record ServerUrl(URI base) {

    /**
     * @param option the option or setting the URL came from, named in errors
     * @throws IllegalArgumentException saying what to give instead
     */
    public static ServerUrl parse(String url, String option) {
        URI uri;
        try {
            uri = URI.create(url.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + url + " is not a URL: give https://host:8443");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(option + " " + url + " is not an http(s) URL: give https://host:8443");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException(option + " " + url + " has port " + uri.getPort() + "; a port is 1 to 65535");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(option + " " + url + " carries a user name or password; give the base URL only,"
                    + " the user separately and the password where it is asked for");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(option + " " + url + " has a query or fragment; give the base URL only");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new IllegalArgumentException(option + " " + url + " is plain HTTP to another host; the password and the answers "
                    + "would cross the network in clear: use https:// (with a fingerprint pin for a self-made certificate)");
        }
        return new ServerUrl(uri);
    }

    public boolean https() {
        return base.getScheme().equals("https");
    }

    /** The endpoint at {@code path} ("/auth", "/certview/v1/certificates") below the base and its prefix. */
    public URI resolve(String path) {
        String prefix = Optional.ofNullable(base.getRawPath()).orElse("");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + path);
    }

    @Override
    public String toString() {
        return base.toString();
    }

    /** localhost or a loopback literal, decided without a DNS query. */
    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") || bare.contains(":");
        try {
            return literal && InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
