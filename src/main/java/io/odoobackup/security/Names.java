package io.odoobackup.security;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The strict checks every id and name passes before it reaches SQL, a path or a command. None lets
 * through a leading '-' (option injection), whitespace, quotes, shell metacharacters or '..'.
 */
public final class Names {

    /** Environment and organization ids, given by the caller or generated (UUID). */
    public static final Predicate<String> ID = matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    public static final String ID_HINT = "1-64 letters, digits, '_' or '-', starting with a letter or digit";

    /** The organization id "platform" names the platform's own alerts and channels: no organization has it. */
    public static final String PLATFORM = "platform";
    public static final Predicate<String> ORGANIZATION = ID.and(s -> !s.equals(PLATFORM));
    public static final String ORGANIZATION_HINT = ID_HINT + ", not 'platform' (the platform's own)";

    /** Ids the service generates: backups, tasks, storage configurations. */
    public static final Predicate<String> UUID = matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final String UUID_HINT = "a UUID in lower case";

    /** PostgreSQL database and role names as Odoo creates them. */
    public static final Predicate<String> DB_NAME = matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");
    public static final String DB_NAME_HINT = "1-63 letters, digits, '_', '.' or '-', not starting with '.' or '-'";

    public static final Predicate<String> CONTAINER = matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    public static final String CONTAINER_HINT = "a Docker container name: letters, digits, '_', '.' or '-'";

    /** An absolute path whose segments are plain names, never '.' or '..' nor starting with '-'. */
    public static final Predicate<String> ABSOLUTE_PATH = matches("(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+/?").and(p -> p.length() <= 1024)
            .and(p -> Arrays.stream(p.split("/")).noneMatch(s -> s.equals(".") || s.equals("..")));
    public static final String ABSOLUTE_PATH_HINT = "an absolute path of letters, digits, '_', '.' and '-', without '.' or '..' segments";

    /** A relative key prefix in storage: plain segments joined by '/'. */
    public static final Predicate<String> KEY_PREFIX = matches("[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*")
            .and(p -> p.length() <= 256)
            .and(p -> Arrays.stream(p.split("/")).noneMatch(s -> s.equals(".") || s.equals("..")));
    public static final String KEY_PREFIX_HINT = "up to 256 characters: segments of letters, digits, '_', '.' and '-' joined by '/', without '.' or '..'";

    public static final Predicate<String> DISPLAY_NAME = matches("[^\\p{Cntrl}]{1,128}").and(s -> !s.isBlank());
    public static final String DISPLAY_NAME_HINT = "1-128 characters, not blank, without control characters";

    /** Short labels: an Odoo version, an image reference, a region, a bucket. */
    public static final Predicate<String> LABEL = matches("[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,254}");
    public static final String LABEL_HINT = "1-255 letters, digits and '_.:/@+-', starting with a letter or digit";

    private Names() {
    }

    /** A predicate that matches the whole text against the pattern. */
    public static Predicate<String> matches(String regex) {
        return Pattern.compile(regex).asMatchPredicate();
    }
}
