package org.sovereignpool.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough reading of chromium's dumped DOM: attributes of elements found by id, rows of the operator table. */
final class Document {
    private final String html;

    private Document(String html) {
        this.html = html;
    }

    static Document of(String html) {
        return new Document(html);
    }

    private String tagWithId(String id) {
        Matcher m = Pattern.compile("<[a-z0-9]+[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
                .matcher(html);
        if (!m.find()) {
            throw new AssertionError("no element with id " + id);
        }
        return m.group();
    }

    private static String attr(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "(=\"([^\"]*)\")?[\\s>/]")
                .matcher(tag);
        if (!m.find()) {
            return null;
        }
        return m.group(2) == null ? "" : m.group(2);
    }

    /** The attribute's value ("" for a bare attribute), null when absent. */
    String attribute(String id, String name) {
        return attr(tagWithId(id), name);
    }

    String value(String id) {
        return attribute(id, "data-value");
    }

    String bodyAttribute(String name) {
        Matcher m = Pattern.compile("<body[^>]*>").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no body");
        }
        return attr(m.group(), name);
    }

    List<String> operatorRows() {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<tr data-operator=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    int count(String text) {
        int n = 0;
        for (int i = html.indexOf(text); i >= 0; i = html.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }
}
