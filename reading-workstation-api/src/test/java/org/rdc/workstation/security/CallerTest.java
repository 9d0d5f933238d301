package org.rdc.workstation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.worklist.ServiceLine;

class CallerTest {

    @Test
    void theCatalogScopeIsTheFacilityOfAFacilityUserAndTheAllianceForStaffAndAdministrators() {
        assertThat(new Caller("th01.clerk", Set.of(Role.FACILITY_USER), Set.of(), "th01", false).catalogScope())
                .isEqualTo(CatalogScope.facility("th01"));
        assertThat(new Caller("li", Set.of(Role.READER), Set.of(ServiceLine.RADIOLOGY), null, false).catalogScope().isAlliance()).isTrue();
        assertThat(new Caller("wang", Set.of(Role.FACILITY_USER, Role.READER), Set.of(ServiceLine.ECG), "th01", false)
                .catalogScope().isAlliance()).as("a township doctor who also reads for the county").isTrue();
        assertThat(Caller.system().catalogScope().isAlliance()).isTrue();
        assertThatThrownBy(() -> new Caller("nobody", Set.of(), Set.of(), null, false).catalogScope())
                .isInstanceOfSatisfying(WorkstationException.class, e -> assertThat(e.kind()).isEqualTo(WorkstationException.Kind.FORBIDDEN));
    }
}
