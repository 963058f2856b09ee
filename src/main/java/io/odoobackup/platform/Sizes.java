package io.odoobackup.platform;

import java.util.Locale;

/** Byte counts for people: 344.4 KB, 1.2 GB. */
public final class Sizes {

    private Sizes() {
    }

    public static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
