package io.odoobackup.api;

import io.odoobackup.security.Names;
import java.util.List;
import org.apache.camel.Exchange;

/** Ids taken from the request path must look like ids; anything else names no object (404). */
public final class PathIds {

    private static final List<String> PARAMETERS = List.of("id", "environment_id", "task_id", "org_id");

    public void check(Exchange exchange) {
        for (String parameter : PARAMETERS) {
            String value = exchange.getMessage().getHeader(parameter, String.class);
            if (value != null && !Names.ID.test(value)) {
                throw Problem.notFound("No object has the id given in the path");
            }
        }
    }
}
