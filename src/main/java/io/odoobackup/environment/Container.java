package io.odoobackup.environment;

/** A container as a backup uses it: by the id inspected and checked, named by its name in messages. */
public record Container(String id, String name) {
}
