package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.security.AccessDenied;
import io.odoobackup.storage.ConfigRefused;
import io.odoobackup.storage.StorageFailed;
import org.apache.camel.Exchange;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever an API route threw into the contract's problem JSON; unexpected errors stay in the log.
 * It also maps unique-constraint violations to 409: a doCatch cannot, as Camel's error handler is off inside doTry.
 */
public final class ProblemResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final ObjectMapper json;

    public ProblemResponder(ObjectMapper json) {
        this.json = json;
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = toProblem(cause, exchange);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        message.setBody(json.writeValueAsString(problem.body()));
    }

    /** A unique constraint the request ran into: the records' own word that it conflicts with what exists. */
    private static Problem conflict(PSQLException e, Exchange exchange) {
        String constraint = e.getServerErrorMessage() == null ? "" : e.getServerErrorMessage().getConstraint();
        String environment = exchange.getProperty("environmentId", String.class);
        return Problem.conflict(switch (constraint == null ? "" : constraint) {
            case "environment_pkey" -> "Environment " + environment + " already exists";
            case "backup_one_running_per_environment", "restore_one_running_per_environment" -> "A backup or restore of environment "
                    + environment + " is running: try again once it has ended";
            case "storage_config_one_default" -> "Another default storage configuration was saved at the same moment: retry";
            default -> "The request conflicts with an existing record";
        });
    }

    /** The problem a failure answers with: the API's response, or a trigger message's rejection. */
    public static Problem toProblem(Throwable cause, Exchange exchange) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Problem p) {
                return p;
            }
            if (t instanceof AccessDenied denied) {
                return denied.unauthenticated() ? new Problem(401, "Unauthorized", denied.getMessage())
                        : new Problem(403, "Forbidden", denied.getMessage());
            }
            if (t instanceof ConfigRefused refused) {
                return Problem.badRequest(refused.getMessage());
            }
            if (t instanceof StorageFailed storage) {
                return new Problem(502, "Bad Gateway", "The storage failed: " + storage.getMessage()
                        + ". Nothing was changed; check the storage configuration (POST .../test) and try again");
            }
            if (t instanceof JsonProcessingException) {
                return Problem.badRequest("The request body is not valid JSON: fix its syntax");
            }
            if (t instanceof PSQLException psql && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
                return conflict(psql, exchange);
            }
        }
        LOG.error("Unexpected error on {} {} ({})", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH), cause == null ? "no cause" : cause.getClass().getName());
        LOG.debug("Unexpected error detail", cause);
        return new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged");
    }
}
