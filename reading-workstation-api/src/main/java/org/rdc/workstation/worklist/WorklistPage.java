package org.rdc.workstation.worklist;

import java.util.List;

/** One page of the worklist, most urgent first. {@code hasMore}: a further page has at least one item. */
public record WorklistPage(List<WorklistItem> items, int page, int size, boolean hasMore) {
}
