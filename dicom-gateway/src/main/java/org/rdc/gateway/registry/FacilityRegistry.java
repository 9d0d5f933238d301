package org.rdc.gateway.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rdc.gateway.registry.Facility.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which facility a device belongs to: by calling AE title (DICOM) or API key (HTTP). The registry
 * lives in the database ({@link FacilityRepository}); this class keeps an immutable snapshot in memory
 * so that the association decision never blocks the event loop, and replaces it after every change.
 * Other nodes pick up changes on {@link #reload()} (the application calls it periodically). Host names
 * of the devices' {@code hosts} lists are resolved there too, never per association; a name whose
 * addresses change is followed at the next reload.
 */
public final class FacilityRegistry {

    private static final Logger log = LoggerFactory.getLogger(FacilityRegistry.class);

    /** A device together with its facility. */
    public record Match(Facility facility, Device device) {
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** {@code sourcesByAe}: the resolved {@code hosts} of each device that has a list. */
    private record Snapshot(List<Facility> facilities, Map<String, Match> byAe, Map<String, Match> byApiKey,
                            Map<String, Facility> byId, Map<String, Set<InetAddress>> sourcesByAe) {
    }

    private final FacilityRepository repository;
    private final HostResolver resolver;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public FacilityRegistry(FacilityRepository repository) {
        this(repository, InetAddress::getAllByName);
    }

    public FacilityRegistry(FacilityRepository repository, HostResolver resolver) {
        this.repository = repository;
        this.resolver = resolver;
        reload();
    }

    /** Loads the facilities file (or the demo facility) into the database, then reloads. */
    public void importFacilities(List<Facility> facilities) {
        for (Facility f : facilities) {
            repository.save(f);
        }
        reload();
        log.info("facility registry: {} facilities, {} devices", snapshot.facilities.size(), snapshot.byAe.size());
    }

    public void reload() {
        List<Facility> all = repository.findAll();
        Map<String, Match> byAe = new HashMap<>();
        Map<String, Match> byKey = new HashMap<>();
        Map<String, Facility> byId = new HashMap<>();
        Map<String, Set<InetAddress>> sources = new HashMap<>();
        for (Facility f : all) {
            byId.put(f.id(), f);
            for (Device d : f.devices()) {
                Match m = new Match(f, d);
                byAe.put(d.aeTitle(), m);
                if (d.apiKeySha256() != null) {
                    byKey.put(d.apiKeySha256(), m);
                }
                if (!d.hosts().isEmpty()) {
                    sources.put(d.aeTitle(), resolve(f, d));
                }
            }
        }
        snapshot = new Snapshot(List.copyOf(all), Map.copyOf(byAe), Map.copyOf(byKey), Map.copyOf(byId), Map.copyOf(sources));
    }

    /** The addresses of a device's {@code hosts}: literals as they are, names resolved now (no reverse lookups ever). */
    private Set<InetAddress> resolve(Facility f, Device d) {
        Set<InetAddress> addresses = new HashSet<>();
        for (String h : d.hosts()) {
            try {
                addresses.addAll(List.of(resolver.resolve(h)));
            } catch (UnknownHostException e) {
                // a name that does not resolve allows nobody, until a reload finds it
                log.warn("facility '{}', device '{}': host '{}' does not resolve; no connection from it is accepted",
                        f.id(), d.aeTitle(), h);
            }
        }
        return Set.copyOf(addresses);
    }

    public List<Facility> facilities() {
        return snapshot.facilities;
    }

    public Optional<Facility> facility(String id) {
        return Optional.ofNullable(snapshot.byId.get(id));
    }

    /** The device with this calling AE title (exact, case-sensitive as PS3.5 defines AE values). */
    public Optional<Match> byAeTitle(String aeTitle) {
        return aeTitle == null ? Optional.empty() : Optional.ofNullable(snapshot.byAe.get(aeTitle.trim()));
    }

    /** The device whose API key this is (HTTP ECG upload, STOW-RS). */
    public Optional<Match> byApiKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot.byApiKey.get(Secrets.sha256(apiKey.trim())));
    }

    /** Creates or replaces a facility (admin API). */
    public void save(Facility facility) {
        for (Device d : facility.devices()) {
            Match other = snapshot.byAe.get(d.aeTitle());
            if (other != null && !other.facility().id().equals(facility.id())) {
                throw new IllegalArgumentException("AE title '" + d.aeTitle() + "' already belongs to facility '"
                        + other.facility().id() + "'");
            }
        }
        repository.save(facility);
        reload();
    }

    public boolean delete(String id) {
        boolean deleted = repository.delete(id);
        reload();
        return deleted;
    }

    /** Whether a source address is allowed for a device: any address when its list is empty. Never resolves a name. */
    public boolean sourceAllowed(Match match, InetAddress address) {
        if (match.device().hosts().isEmpty()) {
            return true;
        }
        Set<InetAddress> allowed = snapshot.sourcesByAe.get(match.device().aeTitle());
        return allowed != null && allowed.contains(address);
    }
}
