package org.rdc.app.workstation;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rdc.test.HeadlessChromium;

/**
 * The browser of a workstation test class, registered as a field ({@code @RegisterExtension final WorkstationBrowser
 * browser = new WorkstationBrowser();} in a {@code PER_CLASS} test): one {@link HeadlessChromium} for the class, closed
 * after it; every console and page error of the pages it opens fails the test that was running, and the ones after it
 * (a test that expects one takes it out of {@link #errors()}); the sign-in screen filled in as a user does.
 */
final class WorkstationBrowser implements AfterEachCallback, AfterAllCallback {

    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private HeadlessChromium chromium;

    /** Debian's Chromium, launched on first use (after the class's own {@code Requires} checks). */
    HeadlessChromium chromium() {
        if (chromium == null) {
            chromium = HeadlessChromium.launch();
        }
        return chromium;
    }

    /** The console and page errors of this class's pages since the last test. */
    List<String> errors() {
        return errors;
    }

    /** A page in a new context as a browser in China has it (zh-CN, Beijing time), its errors collected. */
    Page page(int width, int height) {
        return page(new Browser.NewContextOptions().setViewportSize(width, height));
    }

    /** As {@link #page(int, int)}, with more of the context's options ({@code setAcceptDownloads}, a scale factor). */
    Page page(Browser.NewContextOptions options) {
        return page(options, errors);
    }

    /** As {@link #page(Browser.NewContextOptions)}, its errors collected in {@code into} (a test that expects some). */
    Page page(Browser.NewContextOptions options, List<String> into) {
        Page p = chromium().browser().newContext(options.setLocale("zh-CN").setTimezoneId("Asia/Shanghai")).newPage();
        HeadlessChromium.collectErrors(p, into);
        return p;
    }

    /**
     * Opens the workstation at {@code base} and signs in through its sign-in screen as a user does (name, password,
     * Enter): the session cookie is then the browser's own. Returns once the form is sent; where it lands is the test's.
     */
    static void signIn(Page page, String base, String user, String password) {
        page.navigate(base + "/");
        page.getByLabel("用户名").fill(user);
        page.getByLabel("密码").fill(password);
        page.keyboard().press("Enter");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(errors).as("console errors and page errors").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chromium != null) {
            chromium.close();
        }
    }
}
