package dev.orderpipeline.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The web infrastructure of a service that answers an HTTP API: every error as problem+json (also
 * what Tomcat and the filters answer themselves), strict JSON bodies, the 64 KiB body limit, an
 * unreadable Accept header disregarded, the security headers on every answer, and the shared parts of
 * the OpenAPI document. Before Spring MVC's and its error page's own configuration, whose handlers
 * it replaces.
 */
@AutoConfiguration(before = {WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({ProblemWriter.class, ProblemHandler.class, ProblemTypeAdvice.class, ProblemErrorController.class,
        TomcatErrorReport.class, SecurityHeaders.class, BodySizeLimitFilter.class, UnreadableAcceptFilter.class,
        StrictJson.class, ApiDocumentation.class})
public class PipelineWebAutoConfiguration {
}
