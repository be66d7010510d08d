package dev.orderpipeline.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checkout page in a real headless Chromium against the running pipeline: browse, fill a cart,
 * check out and watch the order turn CONFIRMED or REJECTED live; invalid input refused in the form;
 * a lost connection to the storefront survived; the operators' lag page. The storefront's
 * Content-Security-Policy is in force throughout, and a test fails on any violation the browser
 * reports. Screenshots of every step in {@code system-tests/target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    private static Browser browser;
    private static final Api api = Pipeline.api();

    @BeforeAll
    static void startBrowser() throws Exception {
        Browser.requireChromium();
        Path root = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
        browser = new Browser(Pipeline.stack().storefrontUrl(), root.resolve("system-tests/target/screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void desktopAndAFreshCart() {
        browser.size(Browser.DESKTOP);
        browser.open("#/");
        browser.script("localStorage.clear()");
        browser.driver.get("about:blank"); // so the test's first open() loads the page afresh
    }

    @AfterEach
    void noContentSecurityPolicyViolation() {
        assertThat(browser.cspViolations()).as("Content-Security-Policy violations the browser reported").isEmpty();
    }

    /** What the other tests' check relies on: the policy is in force, and the browser's reports reach the test. */
    @Test
    @Order(0)
    void thePolicyIsInForceAndNoInjectedInlineScriptRuns() {
        browser.open("#/");
        browser.visible(".card");
        browser.script("""
                const inline = document.createElement('script');
                inline.textContent = 'window.__inlineRan = true';
                document.body.append(inline);""");
        assertThat(browser.script("return window.__inlineRan === true")).as("an injected inline script ran")
                .isEqualTo(false);
        assertThat(browser.cspViolations()).as("the violations the browser reported")
                .anyMatch(violation -> violation.contains("script-src"));

        // frame-ancestors 'none' is in the same header (SecurityHeadersTest); headless Chromium reports a
        // refused frame to no page this test can read, so it is not observed here
        browser.driver.get("about:blank");
    }

    @Test
    @Order(1)
    void browseAddTwoProductsChangeAQuantityAndCheckOutToConfirmed() {
        String mug = Skus.unique("MUG");
        String beans = Skus.unique("BEANS");
        String soldOut = Skus.unique("GONE");
        String extra = Skus.unique("EXTRA");
        api.createProduct(mug, 1450, 10);
        api.createProduct(beans, 1890, 10);
        api.createProduct(soldOut, 2500, 0);
        api.createProduct(extra, 300, 10);

        browser.open("#/");
        WebElement mugCard = card(mug);
        assertThat(mugCard.getText()).contains("Test " + mug, "€14.50", "10 in stock");
        WebElement soldOutButton = card(soldOut).findElement(By.cssSelector("button.add"));
        assertThat(soldOutButton.isEnabled()).isFalse();
        assertThat(soldOutButton.getText()).isEqualTo("Out of stock");
        browser.screenshot("catalog");
        scrollTo(card(soldOut));
        browser.screenshot("catalog-out-of-stock");

        // product detail, and add from there
        mugCard.findElement(By.cssSelector(".card-title a")).click();
        browser.awaitText("h1", "Test " + mug);
        assertThat(browser.visible(".product-detail").getText()).contains("€14.50", "10 in stock", "SKU " + mug);
        browser.driver.findElement(By.cssSelector(".add-form button[type=submit]")).click();
        browser.awaitText(".add-form .add-status", "In cart: 1");
        browser.screenshot("product-detail");

        // two more from the grid: one to keep, one to remove again
        browser.go("#/");
        addFromGrid(beans);
        addFromGrid(extra);
        browser.awaitText("#cart-count", "3");

        browser.driver.findElement(By.id("cart-link")).click();
        browser.visible(".cart-line[data-sku='" + extra + "']");
        assertThat(browser.driver.findElements(By.cssSelector(".cart-line"))).hasSize(3);
        browser.screenshot("cart-three-lines");

        // change a quantity by typing, then remove a line
        WebElement quantity = browser.driver.findElement(By.id("qty-" + mug));
        quantity.sendKeys(Keys.chord(Keys.CONTROL, "a"), "3", Keys.TAB);
        browser.driver.findElement(By.cssSelector(".cart-line[data-sku='" + extra + "'] button.remove")).click();
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".cart-line"), 2));
        browser.awaitText("#cart-total", "€62.40");
        browser.awaitText("#save-state", "All changes saved.");
        assertThat(browser.driver.findElement(By.id("cart-count")).getText()).isEqualTo("4");
        browser.screenshot("cart-quantity-changed");

        // the server's cart follows the page's
        String cartId = (String) browser.script("return JSON.parse(localStorage.getItem('pipeline-goods.cart')).cartId");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode items = api.get("/api/carts/" + cartId).body().path("items");
            assertThat(items).hasSize(2);
            for (JsonNode item : items) {
                assertThat(item.path("quantity").asInt()).isEqualTo(item.path("sku").asString().equals(mug) ? 3 : 1);
            }
        });

        browser.driver.findElement(By.id("to-checkout")).click();
        browser.visible("#name").sendKeys("Ann Shopper");
        browser.driver.findElement(By.id("email")).sendKeys("ann@example.com");
        assertThat(browser.driver.findElement(By.cssSelector(".summary")).getText()).contains("3 × Test " + mug, "€62.40");
        browser.screenshot("checkout-form");
        browser.driver.findElement(By.id("place-order")).click();

        browser.waiting().until(ExpectedConditions.urlMatches("#/order/[0-9a-f-]{36}$"));
        UUID orderId = UUID.fromString(browser.driver.getCurrentUrl().replaceAll(".*#/order/", ""));
        browser.waiting(Api.FINAL_STATUS_TIMEOUT).until(ExpectedConditions.attributeToBe(By.id("order-status"),
                "data-status", "CONFIRMED"));
        assertThat(browser.driver.findElement(By.id("order-status")).getText()).contains("CONFIRMED");
        assertThat(browser.driver.findElement(By.id("order-total")).getText()).isEqualTo("€62.40");
        assertThat(browser.driver.findElement(By.id("order-trace")).getAttribute("href")).as("the link to the order's trace")
                .matches(Pattern.quote(Pipeline.stack().zipkinUrl().orElseThrow().replace("127.0.0.1", "localhost"))
                        + "/zipkin/traces/[0-9a-f]{32}");
        browser.screenshot("order-confirmed");

        JsonNode order = api.get("/api/orders/" + orderId).body();
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("totalCents").asLong()).isEqualTo(3 * 1450 + 1890);
        assertThat(browser.driver.findElement(By.id("cart-count")).getText()).isEqualTo("0");
    }

    @Test
    @Order(2)
    void anInvalidEmailIsRefusedInTheFormWithoutCallingTheApi() {
        String sku = Skus.unique("FORM");
        api.createProduct(sku, 700, 5);
        browser.open("#/");
        addFromGrid(sku);
        browser.go("#/checkout");
        browser.visible("#name").sendKeys("Bob");
        WebElement email = browser.driver.findElement(By.id("email"));
        browser.script("""
                window.__checkoutCalls = 0;
                const real = window.fetch;
                window.fetch = (url, init) => {
                  if (String(url).includes('/checkout')) window.__checkoutCalls++;
                  return real(url, init);
                };""");

        for (String bad : List.of("not-an-email", "bob@example")) {
            email.sendKeys(Keys.chord(Keys.CONTROL, "a"), bad);
            browser.driver.findElement(By.id("place-order")).click();
            browser.awaitText("#email-error", "Enter an email address like name@example.com.");
            assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat((Boolean) browser.script("return !arguments[0].checkValidity()", email)).as(bad).isTrue();
            assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("email");
        }
        email.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.driver.findElement(By.id("place-order")).click();
        browser.awaitText("#email-error", "Enter your email address.");
        email.sendKeys("bob@example");
        browser.driver.findElement(By.id("place-order")).click();
        browser.awaitText("#email-error", "Enter an email address like name@example.com.");
        browser.screenshot("checkout-invalid-email");

        assertThat(browser.driver.getCurrentUrl()).endsWith("#/checkout");
        assertThat(((Number) browser.script("return window.__checkoutCalls")).intValue()).isZero();
        String cartId = (String) browser.script("return JSON.parse(localStorage.getItem('pipeline-goods.cart')).cartId");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get("/api/carts/" + cartId).text("status")).isEqualTo("OPEN"));

        // corrected, it goes through
        email.sendKeys(Keys.chord(Keys.CONTROL, "a"), "bob@example.com");
        browser.waiting().until(ExpectedConditions.attributeToBe(email, "aria-invalid", "false"));
        browser.driver.findElement(By.id("place-order")).click();
        browser.waiting().until(ExpectedConditions.urlMatches("#/order/[0-9a-f-]{36}$"));
        assertThat(((Number) browser.script("return window.__checkoutCalls")).intValue()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void anOrderForMoreThanTheStockShowsRejectedWithTheReason() {
        String sku = Skus.unique("SCARCE");
        api.createProduct(sku, 1200, 2);
        browser.open("#/product/" + sku);
        WebElement quantity = browser.visible("#quantity");
        assertThat(browser.driver.findElement(By.cssSelector(".product-detail")).getText()).contains("Only 2 left");
        quantity.sendKeys(Keys.chord(Keys.CONTROL, "a"), "3");
        browser.driver.findElement(By.cssSelector(".add-form button[type=submit]")).click();
        browser.awaitText(".add-form .add-status", "In cart: 3");

        browser.go("#/cart");
        browser.awaitText(".cart-line[data-sku='" + sku + "'] .line-note", "Only 2 in stock");
        browser.screenshot("cart-more-than-stock");
        browser.driver.findElement(By.id("to-checkout")).click();
        browser.visible("#name").sendKeys("Cy Shopper");
        browser.driver.findElement(By.id("email")).sendKeys("cy@example.com", Keys.ENTER);

        browser.waiting(Api.FINAL_STATUS_TIMEOUT).until(ExpectedConditions.attributeToBe(By.id("order-status"),
                "data-status", "REJECTED"));
        String panel = browser.driver.findElement(By.id("order-status")).getText();
        assertThat(panel).contains("REJECTED", "Not enough stock for: Test " + sku, "OUT_OF_STOCK: " + sku);
        browser.screenshot("order-rejected");
        api.awaitAvailable(sku, 2);
        assertThat(Stock.of(sku).assertConserved().available()).as("nothing held").isEqualTo(2);
    }

    @Test
    @Order(3)
    void theOrderPageSaysPlainlyWhyACheckoutTheOrderProcessorRefusedWasRejected() {
        UUID emptyCart = api.openCart();
        UUID empty = UUID.fromString(api.checkout(emptyCart, "empty").text("orderId"));
        String sku = Skus.unique("TWICE");
        api.createProduct(sku, 900, 5);
        UUID cart = api.openCart();
        api.addItem(cart, sku, 1);
        UUID first = UUID.fromString(api.checkout(cart, "first").text("orderId"));
        Reply second = api.checkout(cart, "second");

        browser.open("#/order/" + empty);
        browser.waiting(Api.FINAL_STATUS_TIMEOUT).until(ExpectedConditions.attributeToBe(By.id("order-status"),
                "data-status", "REJECTED"));
        assertThat(browser.driver.findElement(By.id("order-status")).getText())
                .contains("The cart was empty when it was checked out.", "EMPTY_CART");
        browser.screenshot("order-rejected-empty-cart");
        if (second.status() == 202) {
            browser.open("#/order/" + second.text("orderId"));
            browser.waiting(Api.FINAL_STATUS_TIMEOUT).until(ExpectedConditions.attributeToBe(By.id("order-status"),
                    "data-status", "REJECTED"));
            assertThat(browser.driver.findElement(By.id("order-status")).getText())
                    .contains("This cart had already been checked out, as order " + first);
            browser.screenshot("order-rejected-already-checked-out");
        }
    }

    @Test
    @Order(4)
    void onAPhone() {
        String sku = Skus.unique("PHONE");
        api.createProduct(sku, 2990, 4);
        browser.size(Browser.PHONE);
        browser.open("#/");
        WebElement card = card(sku);
        scrollTo(card);
        assertThat(horizontalOverflow()).as("no sideways scrolling on a phone").isFalse();
        browser.screenshot("phone-catalog");
        addFromGrid(sku);
        addFromGrid(sku);
        browser.go("#/cart");
        browser.awaitText("#cart-total", "€59.80");
        assertThat(horizontalOverflow()).isFalse();
        browser.screenshot("phone-cart");
        browser.driver.findElement(By.id("to-checkout")).click();
        browser.visible("#name").sendKeys("Dee");
        browser.driver.findElement(By.id("email")).sendKeys("dee@example.com");
        assertThat(horizontalOverflow()).isFalse();
        browser.screenshot("phone-checkout-form");
        browser.driver.findElement(By.id("email")).sendKeys(Keys.ENTER);
        browser.waiting(Api.FINAL_STATUS_TIMEOUT).until(ExpectedConditions.attributeToBe(By.id("order-status"),
                "data-status", "CONFIRMED"));
        assertThat(horizontalOverflow()).isFalse();
        browser.screenshot("phone-order-confirmed");
    }

    @Test
    @Order(5)
    void theOrderPageShowsPendingLiveThenSurvivesALostConnection() {
        LocalStack stack = Pipeline.stack();
        String sku = Skus.unique("LIVE");
        api.createProduct(sku, 1000, 5);
        UUID orderId;
        boolean storefrontStopped = false;
        // With the inventory worker away the order stays PENDING; then the storefront goes away too.
        stack.inventoryWorker().stop(Duration.ofSeconds(20));
        try {
            orderId = api.order(CheckoutIT.lines(sku, 1));
            browser.open("#/order/" + orderId);
            browser.awaitText("#order-status", "PENDING");
            browser.awaitText("#connection", "Live");
            browser.screenshot("order-pending-live");

            stack.storefront().stop(Duration.ofSeconds(20));
            storefrontStopped = true;
            browser.waiting().until(driver -> {
                String state = driver.findElement(By.id("connection")).getAttribute("data-state");
                return "reconnecting".equals(state) || "polling".equals(state);
            });
            browser.awaitText("#order-status", "PENDING");
            browser.screenshot("order-connection-lost");
        } finally {
            CompletableFuture<Void> inventory = CompletableFuture.runAsync(() -> {
                stack.inventoryWorker().start();
                stack.awaitReady(stack.inventoryWorker());
            });
            if (storefrontStopped) {
                stack.storefront().start();
                stack.awaitReady(stack.storefront());
            }
            inventory.join();
        }
        browser.waiting(Api.FINAL_STATUS_TIMEOUT).until(ExpectedConditions.attributeToBe(By.id("order-status"),
                "data-status", "CONFIRMED"));
        browser.waiting().until(driver -> driver.findElement(By.id("connection")).getText().isEmpty());
        browser.screenshot("order-confirmed-after-reconnect");
        assertThat(api.get("/api/orders/" + orderId).text("status")).isEqualTo("CONFIRMED");
    }

    @Test
    @Order(6)
    void theLagPageAsksForTheTokenThenShowsBothWorkerGroups() {
        browser.driver.get(Pipeline.stack().opsUrl() + "/ops/lag.html");
        browser.visible("#token").sendKeys(Pipeline.ADMIN_TOKEN, Keys.ENTER);
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#groups .group"), 2));
        assertThat(browser.driver.findElement(By.id("groups")).getText()).contains("order-processor", "inventory-worker");
        browser.screenshot("ops-lag");
    }

    private static WebElement card(String sku) {
        return browser.visible(".card[data-sku='" + sku + "']");
    }

    private static void addFromGrid(String sku) {
        WebElement card = card(sku);
        scrollTo(card);
        String before = card.findElement(By.cssSelector(".add-status")).getText();
        card.findElement(By.cssSelector("button.add")).click();
        browser.waiting().until(driver -> {
            String status = card(sku).findElement(By.cssSelector(".add-status")).getText();
            return status.startsWith("In cart:") && !status.equals(before);
        });
    }

    private static void scrollTo(WebElement element) {
        browser.script("arguments[0].scrollIntoView({block: 'center'})", element);
    }

    private static boolean horizontalOverflow() {
        return (Boolean) browser.script("return document.documentElement.scrollWidth > window.innerWidth + 1");
    }
}
