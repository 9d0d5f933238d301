package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Choice;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Offer;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Packaging;
import org.rdc.workstation.dicomweb.DicomWebInstances.Target;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rendered resources (PS3.18 §10.4.1.1.4 with the parameters of §8.3.5.1) and thumbnails (§10.4.1.1.5):
 * JPEG (default) or PNG. A rendered instance is its first frame; rendered frames of a list of more than
 * one, and a rendered series (the first frame of each instance), are {@code multipart/related} of images.
 * A thumbnail is a rendered image fitted in {@value #THUMBNAIL_SIZE} pixels unless a viewport is given:
 * of a study, its first series; of a series, its middle instance; of an instance, its middle frame.
 */
@RestController
@RequestMapping("/dicomweb")
public class RenderedController {

    static final int THUMBNAIL_SIZE = 128;
    private static final List<Offer> IMAGES = List.of(Offer.of("image/jpeg"), Offer.of("image/png"));

    private final DicomWebInstances instances;
    private final InstancePixels pixels;

    public RenderedController(DicomWebInstances instances, InstancePixels pixels) {
        this.instances = instances;
        this.pixels = pixels;
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/rendered")
    public void instance(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                         @RequestParam(required = false) String window, @RequestParam(required = false) String viewport,
                         @RequestParam(required = false) String quality,
                         @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        RenderRequest r = RenderRequest.parse(window, viewport, quality);
        Choice choice = single(accept, "rendered instance " + instance);
        CatalogScope scope = instances.scope();
        send(response, choice, render(instances.instance(scope, study, series, instance), 1, r, choice.mediaType()));
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered")
    public void frames(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                       @PathVariable String frames, @RequestParam(required = false) String window,
                       @RequestParam(required = false) String viewport, @RequestParam(required = false) String quality,
                       @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        List<Integer> numbers = InstancePixels.frameList(frames);
        RenderRequest r = RenderRequest.parse(window, viewport, quality);
        CatalogScope scope = instances.scope();
        Target found = instances.instance(scope, study, series, instance);
        if (numbers.size() == 1) {
            Choice choice = single(accept, "rendered frame of " + instance);
            send(response, choice, render(found, numbers.get(0), r, choice.mediaType()));
            return;
        }
        Choice choice = AcceptNegotiation.negotiate(accept, Packaging.MULTIPART, IMAGES, "rendered frames of " + instance);
        try (InstancePixels.Opened opened = pixels.open(found)) {
            numbers.forEach(opened::checkFrame);
            multipart(response, choice, numbers.stream().map(n -> (Renderer) () -> render(opened, n, r, choice.mediaType(), instance)).toList());
        }
    }

    @GetMapping("/studies/{study}/series/{series}/rendered")
    public void series(@PathVariable String study, @PathVariable String series, @RequestParam(required = false) String window,
                       @RequestParam(required = false) String viewport, @RequestParam(required = false) String quality,
                       @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        RenderRequest r = RenderRequest.parse(window, viewport, quality);
        CatalogScope scope = instances.scope();
        List<Target> targets = ordered(instances.series(scope, study, series));
        Choice choice = AcceptNegotiation.negotiate(accept, Packaging.MULTIPART, IMAGES, "rendered series " + series);
        multipart(response, choice, targets.stream().map(t -> (Renderer) () -> render(t, 1, r, choice.mediaType())).toList());
    }

    @GetMapping("/studies/{study}/thumbnail")
    public void studyThumbnail(@PathVariable String study, @RequestParam(required = false) String viewport,
                               @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        Map<String, List<Target>> bySeries = instances.study(scope, study).stream()
                .collect(Collectors.groupingBy(Target::seriesUid, LinkedHashMap::new, Collectors.toList()));
        Choice choice = single(accept, "thumbnail of study " + study);
        RenderRequest r = thumbnail(viewport);
        for (List<Target> s : bySeries.values()) {
            byte[] image = representative(s, r, choice);
            if (image != null) {
                send(response, choice, image);
                return;
            }
        }
        throw WorkstationException.notFound("study " + study + " has no image to make a thumbnail of");
    }

    @GetMapping("/studies/{study}/series/{series}/thumbnail")
    public void seriesThumbnail(@PathVariable String study, @PathVariable String series,
                                @RequestParam(required = false) String viewport,
                                @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        List<Target> s = instances.series(scope, study, series);
        Choice choice = single(accept, "thumbnail of series " + series);
        byte[] image = representative(s, thumbnail(viewport), choice);
        if (image == null) {
            throw WorkstationException.notFound("series " + series + " has no image to make a thumbnail of");
        }
        send(response, choice, image);
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/thumbnail")
    public void instanceThumbnail(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                                  @RequestParam(required = false) String viewport,
                                  @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        Target found = instances.instance(scope, study, series, instance);
        Choice choice = single(accept, "thumbnail of instance " + instance);
        try (InstancePixels.Opened opened = pixels.open(found)) {
            send(response, choice, render(opened, (opened.frames().count() + 1) / 2, thumbnail(viewport), choice.mediaType(), instance));
        }
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/thumbnail")
    public void frameThumbnail(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                               @PathVariable String frames, @RequestParam(required = false) String viewport,
                               @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response) throws IOException {
        List<Integer> numbers = InstancePixels.frameList(frames);
        CatalogScope scope = instances.scope();
        Target found = instances.instance(scope, study, series, instance);
        Choice choice = single(accept, "thumbnail of frame of " + instance);
        send(response, choice, render(found, numbers.get(0), thumbnail(viewport), choice.mediaType()));
    }

    // ----

    private static RenderRequest thumbnail(String viewport) {
        RenderRequest.Viewport v = RenderRequest.viewport(viewport);
        return new RenderRequest(null, v != null ? v : new RenderRequest.Viewport(THUMBNAIL_SIZE, THUMBNAIL_SIZE, null, null, null, null),
                RenderRequest.DEFAULT_QUALITY);
    }

    private static Choice single(String accept, String what) {
        return AcceptNegotiation.negotiate(accept, Packaging.SINGLE, IMAGES, what);
    }

    private static List<Target> ordered(List<Target> series) {
        return series.stream().sorted(Comparator.comparing((Target t) -> t.instance().instanceNumber(),
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    /** The middle instance of the series that can be rendered, or null when none can (no pixel data, JPEG-LS). */
    private byte[] representative(List<Target> series, RenderRequest r, Choice choice) throws IOException {
        List<Target> instances = ordered(series);
        for (int k = 0; k < instances.size(); k++) {
            // from the middle outwards
            int i = instances.size() / 2 + (k % 2 == 0 ? k / 2 : -(k + 1) / 2);
            if (i < 0 || i >= instances.size()) {
                continue;
            }
            try {
                return render(instances.get(i), 1, r, choice.mediaType());
            } catch (WorkstationException e) {
                if (e.kind() != WorkstationException.Kind.NOT_FOUND && e.kind() != WorkstationException.Kind.NOT_ACCEPTABLE) {
                    throw e;
                }
            }
        }
        return null;
    }

    private byte[] render(Target instance, int frame, RenderRequest r, String mediaType) throws IOException {
        try (InstancePixels.Opened opened = pixels.open(instance)) {
            return render(opened, frame, r, mediaType, instance.sopInstanceUid());
        }
    }

    private static byte[] render(InstancePixels.Opened opened, int frame, RenderRequest r, String mediaType, String sop) throws IOException {
        opened.checkFrame(frame);
        return FrameRenderer.render(opened.read(frame), opened.frames().pixel(), opened.located().syntax(),
                FramePresentation.of(opened.located().attributes(), frame), r, mediaType, "instance " + sop);
    }

    private static void send(HttpServletResponse response, Choice choice, byte[] image) throws IOException {
        response.setContentType(choice.mediaType());
        response.setContentLength(image.length);
        response.getOutputStream().write(image);
    }

    @FunctionalInterface
    private interface Renderer {
        byte[] image() throws IOException;
    }

    /** Each image is rendered before its part starts, so a 406 or 404 of the first still gets its status. */
    private static void multipart(HttpServletResponse response, Choice choice, List<Renderer> parts) throws IOException {
        String boundary = UUID.randomUUID().toString();
        OutputStream out = null;
        for (Renderer part : parts) {
            byte[] image = part.image();
            if (out == null) {
                response.setContentType(choice.contentType(boundary));
                out = response.getOutputStream();
            }
            out.write(("--" + boundary + "\r\nContent-Type: " + choice.mediaType() + "\r\nContent-Length: " + image.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(image);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (out == null) {
            response.setContentType(choice.contentType(boundary));
            out = response.getOutputStream();
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
