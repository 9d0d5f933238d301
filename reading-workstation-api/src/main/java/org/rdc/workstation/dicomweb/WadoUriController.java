package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WADO-URI (PS3.18 §9): {@code GET /wado?requestType=WADO&studyUID=&seriesUID=&objectUID=} for older viewers
 * and the links township PACS print. {@code contentType} (§9.1.2.2.1, a list in order of preference)
 * {@code application/dicom} sends the instance as stored ({@code transferSyntax}, §9.1.2.2.12, may name only
 * the stored one: nothing is transcoded here); {@code image/jpeg} (the default, §9.1.2.3) or {@code image/png}
 * renders {@code frameNumber} with {@code windowCenter}/{@code windowWidth}, {@code rows}/{@code columns} and
 * {@code imageQuality}. A missing or malformed parameter is 400, what the caller may not see 404, a content
 * type or syntax we cannot produce 406.
 */
@RestController
public class WadoUriController {

    private static final List<String> SUPPORTED = List.of("application/dicom", "image/jpeg", "image/png");

    private final DicomWebInstances instances;
    private final InstancePixels pixels;

    public WadoUriController(DicomWebInstances instances, InstancePixels pixels) {
        this.instances = instances;
        this.pixels = pixels;
    }

    @GetMapping("/wado")
    public void wado(@RequestParam(required = false) String requestType, @RequestParam(required = false) String studyUID,
                     @RequestParam(required = false) String seriesUID, @RequestParam(required = false) String objectUID,
                     @RequestParam(required = false) String contentType, @RequestParam(required = false) String transferSyntax,
                     @RequestParam(required = false) String frameNumber, @RequestParam(required = false) String windowCenter,
                     @RequestParam(required = false) String windowWidth, @RequestParam(required = false) String rows,
                     @RequestParam(required = false) String columns, @RequestParam(required = false) String imageQuality,
                     @RequestParam(required = false) String anonymize, HttpServletResponse response) throws IOException {
        if (!"WADO".equals(requestType)) {
            throw WorkstationException.invalid("requestType must be WADO (PS3.18 §9.1.2.1.1), was " + requestType);
        }
        require("studyUID", studyUID);
        require("seriesUID", seriesUID);
        require("objectUID", objectUID);
        if (anonymize != null) {
            throw WorkstationException.invalid("anonymize is not offered by this server");
        }
        String type = contentType(contentType);
        CatalogScope scope = instances.scope();
        DicomWebInstances.Target instance = instances.instance(scope, studyUID.trim(), seriesUID.trim(), objectUID.trim());
        if (type.equals("application/dicom")) {
            if (transferSyntax != null && !transferSyntax.isBlank() && !transferSyntax.trim().equals(instance.transferSyntaxUid())) {
                throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, "instance " + objectUID + " is stored as "
                        + instance.transferSyntaxUid() + " and is not converted to " + transferSyntax.trim());
            }
            response.setContentType("application/dicom");
            try (InputStream in = instances.open(instance.object())) {
                in.transferTo(response.getOutputStream());
            }
            return;
        }
        int frame = frameNumber == null ? 1 : InstancePixels.frameList(frameNumber).get(0);
        RenderRequest.Window window = null;
        if (windowCenter != null || windowWidth != null) {
            if (windowCenter == null || windowWidth == null) {
                throw WorkstationException.invalid("windowCenter and windowWidth go together (PS3.18 §9.1.2.2.9)");
            }
            window = RenderRequest.window(windowCenter + "," + windowWidth);
        }
        RenderRequest r = new RenderRequest(window, viewport(rows, columns), RenderRequest.quality(imageQuality));
        try (InstancePixels.Opened opened = pixels.open(instance)) {
            opened.checkFrame(frame);
            byte[] image = FrameRenderer.render(opened.read(frame), opened.frames().pixel(), opened.located().syntax(),
                    FramePresentation.of(opened.located().attributes(), frame), r, type, "instance " + objectUID);
            response.setContentType(type);
            response.setContentLength(image.length);
            response.getOutputStream().write(image);
        }
    }

    private static void require(String name, String uid) {
        if (uid == null || uid.isBlank()) {
            throw WorkstationException.invalid(name + " is required (PS3.18 §9.1.2.1)");
        }
        DicomWebInstances.uid(name, uid.trim());
    }

    /** §9.1.2.2.1: the first of the listed types we can produce; none listed means image/jpeg. */
    private static String contentType(String list) {
        if (list == null || list.isBlank()) {
            return "image/jpeg";
        }
        List<String> asked = Arrays.stream(list.split(",")).map(s -> s.split(";")[0].trim().toLowerCase(Locale.ROOT)).toList();
        for (String a : asked) {
            if (SUPPORTED.contains(a)) {
                return a;
            }
            if (a.equals("*/*") || a.equals("image/*")) {
                return "image/jpeg";
            }
        }
        throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, "contentType " + list
                + " cannot be produced; available: " + String.join(", ", SUPPORTED));
    }

    /** §9.1.2.2.6-7: rows and columns bound the image; one alone bounds that dimension. */
    private static RenderRequest.Viewport viewport(String rows, String columns) {
        if (rows == null && columns == null) {
            return null;
        }
        int h = rows == null ? 8192 : bound("rows", rows);
        int w = columns == null ? 8192 : bound("columns", columns);
        return new RenderRequest.Viewport(w, h, null, null, null, null);
    }

    private static int bound(String name, String value) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= 1 && v <= 8192) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw WorkstationException.invalid(name + " must be 1 to 8192: " + value);
    }
}
