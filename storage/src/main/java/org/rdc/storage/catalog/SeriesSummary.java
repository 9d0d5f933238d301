package org.rdc.storage.catalog;

import java.util.List;

public record SeriesSummary(String seriesInstanceUid, String modality, String bodyPartExamined, Integer seriesNumber,
                            String description, List<InstanceSummary> instances) {
}
