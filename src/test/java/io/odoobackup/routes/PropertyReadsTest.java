package io.odoobackup.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Routes and statements read the typed exchange properties with Camel's simple language
 * (${exchangeProperty.job.result.copyStored.size}): a property x is read by getX/isX, or by a method x(), and any other
 * method named x with arguments makes Camel call that one instead, or answer null. Holds for every type the table in
 * docs/design.md "Exchange properties" names and for the types their getters return.
 */
class PropertyReadsTest {

    private static final Pattern TYPE = Pattern.compile("(?m)^\\| `[a-zA-Z]+` \\| `([a-z]+\\.[A-Za-z.]+)`");

    @Test
    void noPropertyOfAnExchangeTypeSharesItsNameWithAMethodThatTakesArguments() throws Exception {
        Deque<Class<?>> types = new ArrayDeque<>();
        for (Matcher m = TYPE.matcher(design()); m.find(); ) {
            String name = m.group(1);
            int dot = name.lastIndexOf('.');
            // a nested type is named Outer.Inner in the table, Outer$Inner to the class loader
            String binary = name.indexOf('.') == dot ? name : name.substring(0, name.indexOf('.', name.indexOf('.') + 1))
                    + "$" + name.substring(name.indexOf('.', name.indexOf('.') + 1) + 1);
            types.add(Class.forName("io.odoobackup." + binary));
        }
        assertThat(types).hasSizeGreaterThanOrEqualTo(6);
        Set<Class<?>> seen = new HashSet<>();
        Set<String> clashes = new TreeSet<>();
        int read = 0;
        while (!types.isEmpty()) {
            Class<?> type = types.pop();
            if (!seen.add(type)) {
                continue;
            }
            for (Method getter : type.getMethods()) {
                String property = property(getter);
                if (property == null) {
                    continue;
                }
                read++;
                if (getter.getReturnType().getName().startsWith("io.odoobackup.")) {
                    types.add(getter.getReturnType()); // read further along a path: job.result.archive
                }
                for (Method other : type.getMethods()) {
                    if (other.getName().equals(property) && other.getParameterCount() > 0) {
                        clashes.add(type.getSimpleName() + "." + property);
                    }
                }
            }
        }
        assertThat(read).isGreaterThan(20);
        assertThat(clashes).as("properties that share their name with a method taking arguments").isEmpty();
    }

    /** The property a public no-argument getter reads (getX, isX), or null for any other method. */
    private static String property(Method method) {
        if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = method.getName();
        int prefix = name.startsWith("get") && name.length() > 3 ? 3 : name.startsWith("is") && name.length() > 2 ? 2 : 0;
        if (prefix == 0 || !Character.isUpperCase(name.charAt(prefix))) {
            return null;
        }
        return Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1);
    }

    private static String design() throws IOException {
        String design = Files.readString(Path.of("docs/design.md"));
        return design.substring(design.indexOf("## Exchange properties"), design.indexOf("## Code map"));
    }
}
