package io.odoobackup.storage;

import java.util.function.Predicate;

/**
 * One field of a provider's configuration, as its driver declares it: how it is read and checked, whether it
 * says where the data goes (docs/api.md §3: such fields change only while no stored backup uses the
 * configuration, and only with the secret given again), and whether only the admin token may set it.
 */
public record Field(String name, Kind kind, boolean required, boolean destination, boolean adminOnly,
                    Predicate<String> valid, String hint) {

    public enum Kind {
        TEXT, SECRET, PORT, FLAG
    }

    private static final Predicate<String> SECRET_TEXT = s -> s.length() <= 1024 && !s.isEmpty()
            && s.codePoints().noneMatch(Character::isISOControl);

    public static Field text(String name, Predicate<String> valid, String hint) {
        return new Field(name, Kind.TEXT, false, false, false, valid, hint);
    }

    /** Stored sealed, shown as "****"; control characters are refused (a CR LF would end an FTP command). */
    public static Field secret(String name) {
        return new Field(name, Kind.SECRET, true, false, false, SECRET_TEXT, "a secret of 1-1024 characters without control characters");
    }

    public static Field port(String name) {
        return new Field(name, Kind.PORT, false, true, false, s -> true, "a port from 1 to 65535");
    }

    public static Field flag(String name) {
        return new Field(name, Kind.FLAG, false, false, false, s -> true, "true or false");
    }

    public Field asRequired() {
        return new Field(name, kind, true, destination, adminOnly, valid, hint);
    }

    public Field asDestination() {
        return new Field(name, kind, required, true, adminOnly, valid, hint);
    }

    public Field asAdminOnly() {
        return new Field(name, kind, required, destination, true, valid, hint);
    }
}
