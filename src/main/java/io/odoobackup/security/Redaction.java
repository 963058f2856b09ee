package io.odoobackup.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a text bound for a log, a record or a reply: each secret where it stands as a whole token, as
 * it is and in the encodings a client or server may echo (URL-encoded, base64). Never a part of a longer word: a
 * secret "E" leaves "SocketException" alone, so a redacted text neither mangles ordinary words nor tells whether a
 * guess is a piece of the secret.
 */
public final class Redaction {

    public static final String MASK = "****";

    private Redaction() {
    }

    public static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            for (String form : forms(secret)) {
                redacted = token(form).matcher(redacted).replaceAll(Matcher.quoteReplacement(MASK));
            }
        }
        return redacted;
    }

    /** The secret and its encodings, longest first so that a longer form is masked before a shorter one inside it. */
    private static Set<String> forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        forms.add(secret);
        return forms.stream().sorted((a, b) -> b.length() - a.length())
                .collect(LinkedHashSet::new, Set::add, Set::addAll);
    }

    /** The form where it is not glued to a letter or digit on a side that is itself a letter or digit. */
    private static Pattern token(String form) {
        String before = isWord(form.codePointAt(0)) ? "(?<![\\p{L}\\p{N}])" : "";
        String after = isWord(form.codePointBefore(form.length())) ? "(?![\\p{L}\\p{N}])" : "";
        return Pattern.compile(before + Pattern.quote(form) + after);
    }

    private static boolean isWord(int codePoint) {
        return Character.isLetterOrDigit(codePoint);
    }
}
