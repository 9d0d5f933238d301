package org.rdc.storage.catalog;

import java.util.List;

public record StudyDetail(StudySummary study, List<SeriesSummary> series) {
}
