package io.certatlas.server.api;

import io.certatlas.server.web.SecurityHeaders;
import java.nio.ByteBuffer;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;

/**
 * Tomcat's adapter, for the two requests Tomcat answers before any valve, filter or servlet, so
 * that neither {@link SecurityHeaders} nor {@link JsonErrorReportValve} ever sees them:
 * <ul>
 * <li>{@code OPTIONS *} is answered here, with the security headers, and an Allow without TRACE
 *     (Tomcat would list it, as TRACE must reach Spring to be refused with the path's methods);
 * <li>an HTTP/0.9 request (no version on the request line) cannot be refused with a status or
 *     headers: Tomcat 11 has no setting to turn HTTP/0.9 off and writes an HTTP/0.9 answer as a
 *     bare body. That body is the JSON 505 of any other version this server does not speak,
 *     rather than whatever the path would have answered.
 * </ul>
 */
public final class ServletlessAnswers extends CoyoteAdapter {

    /** What every path may be asked with; each path's own methods are in the Allow of its 405. */
    static final String SERVER_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private final boolean secure;

    private ServletlessAnswers(Connector connector) {
        super(connector);
        this.secure = connector.getSecure();
    }

    /** Puts this adapter in place of the one the connector makes for itself. */
    public static void installOn(Connector connector) {
        connector.addLifecycleListener(event -> {
            // The connector makes its adapter in init; processors take it later, when they are made.
            if (Lifecycle.AFTER_INIT_EVENT.equals(event.getType())) {
                connector.getProtocolHandler().setAdapter(new ServletlessAnswers(connector));
            }
        });
    }

    @Override
    public void service(Request req, Response res) throws Exception {
        if (req.method().equals("OPTIONS") && req.requestURI().equals("*")) {
            SecurityHeaders.applyTo(secure, res::setHeader);
            res.setStatus(200);
            res.setHeader("Allow", SERVER_METHODS);
            res.setContentLength(0);
            log(req, res, 0);
            return;
        }
        if (req.protocol().isNull() || req.protocol().equals("")) {
            res.setStatus(505);
            res.doWrite(ByteBuffer.wrap(ErrorBody.bytes(505, "HTTP_VERSION_NOT_SUPPORTED",
                    JsonErrorReportValve.HTTP_VERSION_NOT_SUPPORTED)));
            log(req, res, 0);
            return;
        }
        super.service(req, res);
    }
}
