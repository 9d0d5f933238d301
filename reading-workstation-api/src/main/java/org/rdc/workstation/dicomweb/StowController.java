package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.gateway.stow.StowService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * STOW-RS (PS3.18 10.5): {@code POST /dicomweb/studies[/{study}]} with
 * {@code multipart/related; type="application/dicom"}. Devices authenticate with their facility API key
 * ({@code Authorization: Bearer KEY}, or Basic with the AE title as user and the key as password, or
 * {@code X-Api-Key}). 200 when every instance was stored, 202 when some failed, 409 when none was stored;
 * the body is the PS3.18 Table 10.5.3-1 response in DICOM JSON.
 */
@RestController
@RequestMapping("/dicomweb")
public class StowController {

    public static final MediaType DICOM_JSON = MediaType.parseMediaType("application/dicom+json");

    private final ObjectProvider<StowService> stow;
    private final ObjectProvider<DeviceAuthenticator> devices;

    public StowController(ObjectProvider<StowService> stow, ObjectProvider<DeviceAuthenticator> devices) {
        this.stow = stow;
        this.devices = devices;
    }

    @PostMapping("/studies")
    public ResponseEntity<String> store(HttpServletRequest request) throws IOException {
        return handle(request, null);
    }

    @PostMapping("/studies/{study}")
    public ResponseEntity<String> storeInStudy(HttpServletRequest request, @PathVariable String study) throws IOException {
        return handle(request, study);
    }

    /**
     * Any other POST under /dicomweb: 404. Only STOW-RS is let through unauthenticated (to check the device key
     * there); every other request got here with an authenticated user (the users' security chain).
     */
    @PostMapping("/**")
    public ResponseEntity<String> other() {
        return problem(HttpStatus.NOT_FOUND, "only STOW-RS (POST /dicomweb/studies) is offered here");
    }

    private ResponseEntity<String> handle(HttpServletRequest request, String study) throws IOException {
        StowService service = stow.getIfAvailable();
        DeviceAuthenticator authenticator = devices.getIfAvailable();
        if (service == null || authenticator == null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "STOW-RS is not enabled on this node");
        }
        DeviceAuthenticator.Outcome who = authenticate(request, authenticator);
        if (!who.authenticated()) {
            return unauthorized(who.detail());
        }
        StowService.Result result;
        try {
            result = service.store(request.getInputStream(), request.getContentType(), who.match(), study);
        } catch (StowService.BadRequestException e) {
            return problem(e.unsupportedMediaType() ? HttpStatus.UNSUPPORTED_MEDIA_TYPE : HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            return problem(HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage());
        }
        HttpStatus status = result.failed() == 0 ? HttpStatus.OK : result.stored() > 0 ? HttpStatus.ACCEPTED : HttpStatus.CONFLICT;
        return ResponseEntity.status(status).contentType(DICOM_JSON).body(response(result, base(request)));
    }

    /** PS3.18 Table 10.5.3-1: Referenced SOP Sequence (stored) and Failed SOP Sequence with Failure Reason. */
    static String response(StowService.Result result, String base) {
        DataSet ds = new DataSet();
        Sequence ok = null;
        Sequence failed = null;
        for (StowService.PartResult p : result.parts()) {
            Item item;
            if (p.failureReason() == 0) {
                ok = ok == null ? ds.newSequence(0x00081199) : ok;
                item = ok.addItem();
            } else {
                failed = failed == null ? ds.newSequence(0x00081198) : failed;
                item = failed.addItem();
                item.setInt(0x00081197, VR.US, p.failureReason());
            }
            if (p.sopClassUid() != null) {
                item.setString(0x00081150, VR.UI, p.sopClassUid());
            }
            if (p.sopInstanceUid() != null) {
                item.setString(0x00081155, VR.UI, p.sopInstanceUid());
            }
            if (p.failureReason() == 0) {
                item.setString(0x00081190, VR.UR, base + "/studies/" + p.studyInstanceUid() + "/instances/" + p.sopInstanceUid());
            } else if (p.comment() != null) {
                // Error Comment is not a standard attribute of the item; the reason code carries the meaning
                item.setString(0x00000902, VR.LO, p.comment().length() > 64 ? p.comment().substring(0, 64) : p.comment());
            }
        }
        return new JsonWriter().write(ds);
    }

    private static String base(HttpServletRequest request) {
        return request.getRequestURL().toString().replaceAll("/dicomweb/.*$", "/dicomweb");
    }

    /** The device's key from Bearer, Basic (AE title and key) or X-Api-Key; the rules are the authenticator's. */
    static DeviceAuthenticator.Outcome authenticate(HttpServletRequest request, DeviceAuthenticator devices) {
        String auth = request.getHeader("Authorization");
        String key = request.getHeader("X-Api-Key");
        String user = null;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        } else if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    key = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException e) {
                key = null;
            }
        }
        InetAddress source;
        try {
            source = InetAddress.getByName(request.getRemoteAddr()); // an address literal: no lookup
        } catch (UnknownHostException e) {
            source = null;
        }
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        return devices.apiKey(DeviceAuthenticator.Door.STOW_RS, key, user, source,
                new DeviceAuthenticator.Tls(request.isSecure(), chain == null || chain.length == 0 ? null : chain[0]));
    }

    private static ResponseEntity<String> unauthorized(String detail) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer realm=\"rdc-dicomweb\"")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problemBody(401, "Unauthorized", detail));
    }

    private static ResponseEntity<String> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemBody(status.value(), status.getReasonPhrase(), detail));
    }

    private static String problemBody(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\\", "/").replace("\"", "'") + "\"}";
    }
}
