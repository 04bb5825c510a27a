package io.describer.examples.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fenced code block of a Markdown or AsciiDoc file, with where it starts so a failure points at it. */
record Snippet(Path file, int line, String language, String code) {

    /** A Markdown fence: ```lang ... ``` (the language word only, anything after it is ignored). */
    private static final Pattern MARKDOWN = Pattern.compile("(?m)^```(\\w*)[^\\n]*\\n(.*?)^```\\s*$", Pattern.DOTALL);

    /** An AsciiDoc listing: [source,lang] then a ---- delimited block (as in Camel's component docs). */
    private static final Pattern ASCIIDOC =
            Pattern.compile("(?m)^\\[source,\\s*(\\w+)[^\\]]*\\]\\s*\\n-{4,}\\n(.*?)^-{4,}\\s*$", Pattern.DOTALL);

    static List<Snippet> of(Path file) throws IOException {
        String text = Files.readString(file);
        Matcher m = (file.toString().endsWith(".adoc") ? ASCIIDOC : MARKDOWN).matcher(text);
        List<Snippet> snippets = new ArrayList<>();
        while (m.find()) {
            int line = (int) text.substring(0, m.start())
                            .chars()
                            .filter(c -> c == '\n')
                            .count()
                    + 1;
            snippets.add(new Snippet(file, line, m.group(1).toLowerCase(Locale.ROOT), m.group(2)));
        }
        return snippets;
    }

    @Override
    public String toString() {
        return file.getFileName() + ":" + line + " (" + language + ")";
    }
}
