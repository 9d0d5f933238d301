package org.rdc.ecg.format.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small read-only element tree. ECG XML formats are navigated by local names only, since vendors
 * are inconsistent with namespaces (Sierra uses a default namespace, MUSE none).
 */
public final class XmlElement {

    private final String localName;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    XmlElement(String localName, Map<String, String> attributes) {
        this.localName = localName;
        this.attributes = attributes;
    }

    void appendText(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    void add(XmlElement child) {
        children.add(child);
    }

    public String name() {
        return localName;
    }

    /** The element's own character data, trimmed. */
    public String text() {
        return text.toString().trim();
    }

    public Optional<String> attr(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public List<XmlElement> children() {
        return Collections.unmodifiableList(children);
    }

    public List<XmlElement> children(String name) {
        return children.stream().filter(c -> c.localName.equals(name)).toList();
    }

    public Optional<XmlElement> child(String name) {
        return children.stream().filter(c -> c.localName.equals(name)).findFirst();
    }

    /** Follows a path of child names; empty when any step is missing. */
    public Optional<XmlElement> path(String... names) {
        Optional<XmlElement> at = Optional.of(this);
        for (String n : names) {
            at = at.flatMap(e -> e.child(n));
        }
        return at;
    }

    /** Text at a path of child names, empty when missing or blank. */
    public Optional<String> textAt(String... names) {
        return path(names).map(XmlElement::text).filter(s -> !s.isEmpty());
    }

    /** First descendant (depth first, document order) with the name. */
    public Optional<XmlElement> descendant(String name) {
        for (XmlElement c : children) {
            if (c.localName.equals(name)) {
                return Optional.of(c);
            }
            Optional<XmlElement> deeper = c.descendant(name);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    /** All descendants with the name, in document order. */
    public List<XmlElement> descendants(String name) {
        List<XmlElement> out = new ArrayList<>();
        visit(e -> {
            if (e != this && e.localName.equals(name)) {
                out.add(e);
            }
        });
        return out;
    }

    private void visit(Consumer<XmlElement> visitor) {
        visitor.accept(this);
        for (XmlElement c : children) {
            c.visit(visitor);
        }
    }

    static Map<String, String> attributes(org.xml.sax.Attributes atts) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < atts.getLength(); i++) {
            String name = atts.getLocalName(i);
            map.put(name == null || name.isEmpty() ? atts.getQName(i) : name, atts.getValue(i));
        }
        return map;
    }
}
