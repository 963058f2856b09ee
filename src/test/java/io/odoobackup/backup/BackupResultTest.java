package io.odoobackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.archive.ZipStream;
import io.odoobackup.storage.SentBytes;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The routes and statements read a backup's result with Camel's simple language, as sql/backup-copy-verified.sql does. */
class BackupResultTest {

    @Test
    void theSimpleLanguageReadsEachPartAsAProperty() throws Exception {
        BackupResult result = new BackupResult();
        result.archived(new ZipStream.Written(1234, "sha256:aa"));
        result.verified(new SentBytes(1300, "sha256:bb"));
        result.copyVerified(new SentBytes(1301, "sha256:cc"));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty("result", result);
            assertThat(evaluate(camel, exchange, "${exchangeProperty.result.copyStored.size}")).isEqualTo(1301L);
            assertThat(evaluate(camel, exchange, "${exchangeProperty.result.copyStored.checksum}")).isEqualTo("sha256:cc");
            assertThat(evaluate(camel, exchange, "${exchangeProperty.result.stored.size}")).isEqualTo(1300L);
            assertThat(evaluate(camel, exchange, "${exchangeProperty.result.archive.size}")).isEqualTo(1234L);
        }
    }

    private static Object evaluate(CamelContext camel, Exchange exchange, String expression) {
        return camel.resolveLanguage("simple").createExpression(expression).evaluate(exchange, Object.class);
    }
}
