package org.rdc.storage.catalog;

import java.util.List;

/** One page of search results; {@code more} when further matches follow it (the search was cut at its limit). */
public record SearchPage<T>(List<T> matches, boolean more) {

    public SearchPage {
        matches = List.copyOf(matches);
    }
}
