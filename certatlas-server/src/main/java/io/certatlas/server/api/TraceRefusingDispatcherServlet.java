package io.certatlas.server.api;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring's dispatcher, with TRACE handled as any method no controller maps: a JSON 405 that names
 * TRACE and lists in Allow the methods of that path. Tomcat's own refusal (allowTrace off) goes
 * through the error page, which sees the method as GET and can only list every method of the
 * dispatcher. Spring's own TRACE handling would, after the 405, echo the request (headers and
 * all) as the servlet API's default does; this never echoes.
 */
public final class TraceRefusingDispatcherServlet extends DispatcherServlet {

    public TraceRefusingDispatcherServlet() {
        setDispatchTraceRequest(true);
    }

    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        processRequest(request, response);
    }
}
