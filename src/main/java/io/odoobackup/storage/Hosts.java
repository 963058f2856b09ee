package io.odoobackup.storage;

import java.net.URI;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Host names and endpoint URLs as tenants may give them: DNS labels or an IPv4 address, an optional port,
 * nothing else. Anything that could move the host a client connects to ('@', '/', '#', '?', '%') fails here.
 */
public final class Hosts {

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String NAME_PATTERN = LABEL + "(?:\\." + LABEL + ")*";
    private static final Pattern URL = Pattern.compile("https?://(" + NAME_PATTERN + ")(?::([0-9]{1,5}))?/?");

    public static final Predicate<String> NAME = Pattern.compile(NAME_PATTERN).asMatchPredicate().and(s -> s.length() <= 253);
    public static final String NAME_HINT = "a host name or IPv4 address, e.g. backup.example.com";

    public static final Predicate<String> ENDPOINT_URL = s -> {
        var m = URL.matcher(s);
        return s.length() <= 270 && m.matches() && (m.group(2) == null || validPort(m.group(2)));
    };
    public static final String ENDPOINT_URL_HINT = "an http(s) URL of a host and optional port, e.g. https://minio.example.com:9000";

    private Hosts() {
    }

    /** The host of a URL that passed {@link #ENDPOINT_URL}. */
    public static String hostOf(String endpointUrl) {
        return URI.create(endpointUrl).getHost();
    }

    private static boolean validPort(String port) {
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
