package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever an API route threw into the contract's problem JSON; unexpected errors stay in the log. */
public final class ProblemResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

    private final ObjectMapper json;

    public ProblemResponder(ObjectMapper json) {
        this.json = json;
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = toProblem(cause, exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        message.setBody(json.writeValueAsString(body));
    }

    private static Problem toProblem(Throwable cause, Exchange exchange) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Problem p) {
                return p;
            }
            if (t instanceof JsonProcessingException) {
                return Problem.badRequest("The request body is not valid JSON: fix its syntax");
            }
        }
        LOG.error("Unexpected error on {} {} ({})", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH), cause == null ? "no cause" : cause.getClass().getName());
        LOG.debug("Unexpected error detail", cause);
        return new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged");
    }
}
