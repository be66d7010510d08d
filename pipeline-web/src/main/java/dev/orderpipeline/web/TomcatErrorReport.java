package dev.orderpipeline.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat answers some malformed requests (a bad percent-encoding in the path, say) before any
 * servlet runs; its error report makes those answers problem+json instead of Tomcat's HTML page,
 * with the service's security headers as every other answer.
 */
@Component
class TomcatErrorReport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ProblemWriter problems;

    TomcatErrorReport(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // the host adds an instance of its error report class unless its pipeline has one
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                host.getPipeline().addValve(new ProblemReportValve(problems));
            }
        });
    }

    private static final class ProblemReportValve extends ErrorReportValve {

        private final ProblemWriter problems;

        ProblemReportValve(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setCharacterEncoding(StandardCharsets.UTF_8);
                SecurityHeaders.write(request, response);
                problems.write(Problems.refusedByContainer(status), response);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client went away; nothing to report to
            }
        }
    }
}
