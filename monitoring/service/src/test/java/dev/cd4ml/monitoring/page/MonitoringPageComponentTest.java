package dev.cd4ml.monitoring.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.fixtures.data.DemoData;
import dev.cd4ml.monitoring.support.DemoModel;
import dev.cd4ml.monitoring.support.MonitoredPlatform;
import dev.cd4ml.monitoring.support.Traffic;
import dev.cd4ml.parts.RealPartsTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monitoring page in a real browser — Debian's headless Chromium through chromium-driver
 * ({@code .ci/prerequisites} installs both) — against the real monitoring-service on the real parts
 * (same test resources as the other component tests: one application boot). The numbers the page
 * renders are compared with the stored report's JSON, the distribution chart with the report's bins.
 */
@QuarkusTest
@QuarkusTestResource(value = RealPartsTestResource.class, initArgs = {
    @ResourceArg(name = "parts", value = "kafka,postgres,opensearch,keycloak"),
    @ResourceArg(name = "client", value = "monitoring-service"),
    @ResourceArg(name = "database", value = "monitoring")})
@QuarkusTestResource(MonitoredPlatform.class)
class MonitoringPageComponentTest {
  @org.junit.jupiter.api.BeforeAll
  static void actAsMonitoring() {
    // Monitoring's writes need role monitoring (issue 20): requests of this class carry demo-monitoring's token.
    io.restassured.RestAssured.filters(dev.cd4ml.fixtures.auth.Tokens.asRole(dev.cd4ml.contracts.auth.Roles.MONITORING));
  }

  static final Path SCREENSHOTS = Path.of("target", "page-screenshots");
  static ChromeDriver browser;
  static boolean evaluated;
  static Traffic drifted;

  @TestHTTPResource("/")
  URI base;

  JsonNode stored;
  JsonNode report;

  @BeforeAll
  static void trafficAndBrowser() throws Exception {
    // Strongly drifted traffic (the generator's full drift) on top of whatever this JVM sent before:
    // the last hour's evaluation has at least one alert, whichever classes ran first.
    long before = Traffic.indexed("cd4ml-predictions-*");
    drifted = Traffic.send(DemoModel.rows(DemoData.csv(1000, 171, 1.0)));
    Traffic.awaitIndexed("cd4ml-predictions-*", before + drifted.rows().size(), Duration.ofSeconds(60));
    browser = startBrowser();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  static ChromeDriver startBrowser() {
    String driver = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    String chromium = System.getProperty("cd4ml.chromium", "/usr/bin/chromium");
    assertThat(Path.of(driver)).as("chromium-driver (run .ci/prerequisites)").isExecutable();
    assertThat(Path.of(chromium)).as("chromium (run .ci/prerequisites)").isExecutable();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    // Root in CI: Chromium's sandbox needs a user namespace it does not get there.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,800", "--force-device-scale-factor=1", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver).toFile())
        .usingAnyFreePort().build();
    ChromeDriver d = new ChromeDriver(service, options);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    return d;
  }

  void open() {
    if (!evaluated) { // rest-assured knows the application's port from here on, not in @BeforeAll
      given().queryParam("model", MonitoredPlatform.MODEL).post("/monitoring/evaluations").then().statusCode(200);
      evaluated = true;
    }
    stored = MonitoredPlatform.json(given().queryParam("environment", "production")
        .queryParam("version", MonitoredPlatform.modelVersion()).queryParam("size", 1)
        .get("/monitoring/models/{m}/reports", MonitoredPlatform.MODEL).then().statusCode(200).extract().asString())
        .path("items").path(0);
    report = stored.path("report");
    assertThat(report.isObject()).as("a stored evaluation exists").isTrue();
    browser.manage().window().setSize(new Dimension(1280, 800));
    browser.get(base.resolve("/models/" + MonitoredPlatform.MODEL + "?environment=production").toString());
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> js("return typeof Chart !== 'undefined' && !!Chart.getChart('distribution-chart')"));
  }

  @Test
  void theNumbersRenderedAreTheStoredReportsNumbers() throws Exception {
    open();
    assertThat(text("#report-id")).isEqualTo(stored.path("id").asText());
    assertThat(text("#report-status")).isEqualTo(report.path("status").asText());
    JsonNode counts = report.path("counts");
    assertThat(count(text("#counts [data-metric=predictions]"))).isEqualTo(counts.path("predictions").asLong());
    assertThat(count(text("#counts [data-metric=labelled]"))).isEqualTo(counts.path("labelled").asLong());
    assertShare(text("#counts [data-metric=labelledShare]"), counts.path("labelledShare"));
    assertShare(text("#quality-figures [data-metric=accuracy]"), report.path("quality").path("accuracy"));
    assertShare(text("#quality-figures [data-metric=heldOutAccuracy]"), report.path("quality").path("heldOutAccuracy"));
    assertShare(text("#shadow-figures [data-metric=agreement]"), report.path("shadow").path("agreement"));
    assertThat(count(text("#shadow-figures [data-metric=compared]"))).isEqualTo(report.path("shadow").path("compared").asLong());

    // The drift table: every feature of the report, worst first, each number the report's.
    List<WebElement> rows = browser.findElements(By.cssSelector("#drift-table tbody tr"));
    assertThat(rows).hasSize(report.path("features").size());
    int previous = Integer.MAX_VALUE;
    for (WebElement row : rows) {
      int rank = rank(row.getAttribute("data-status"));
      assertThat(rank).as("worst first").isLessThanOrEqualTo(previous);
      previous = rank;
    }
    for (JsonNode f : report.path("features")) {
      String row = "#drift-table tr[data-feature='" + f.path("feature").asText() + "'] ";
      assertStat(text(row + "[data-metric=psi]"), f.path("psi"));
      assertStat(text(row + "[data-metric=ks]"), f.path("ks"));
      assertShare(text(row + "[data-metric=missingRate]"), f.path("missingRate"));
      assertShare(text(row + "[data-metric=trainingMissingRate]"), f.path("trainingMissingRate"));
      assertThat(text(row + ".status")).isEqualTo(f.path("status").asText());
    }

    // Fairness: every rate per group and every gap.
    for (JsonNode f : report.path("fairness")) {
      String row = "#fairness-table tr[data-column='" + f.path("column").asText() + "'][data-fairness-metric='"
          + f.path("metric").asText() + "'] ";
      assertStat(text(row + "[data-metric=gap]"), f.path("gap"));
      f.path("groups").fields().forEachRemaining(g ->
          assertShare(text(row + "[data-group='" + g.getKey() + "'] b"), g.getValue()));
      assertThat(text(row + ".status")).isEqualTo(f.path("verdict").path("status").asText());
    }

    // Explanation drivers now and in training.
    assertThat(count(text("#sampled"))).isEqualTo(report.path("explanations").path("sampled").asLong());
    for (JsonNode d : report.path("explanations").path("features")) {
      String row = "#drivers-table tr[data-feature='" + d.path("feature").asText() + "'] ";
      assertShare(text(row + "[data-metric=live]"), d.path("live"));
      assertShare(text(row + "[data-metric=training]"), d.path("training"));
    }

    // The timeline: the served version, promoted by the pipeline run the platform's set-up named.
    String served = "#timeline-table tr[data-version='" + MonitoredPlatform.modelVersion() + "'] ";
    assertThat(text(served + "td:nth-child(4)")).isEqualTo("serving now");
    assertThat(text(served + "td:nth-child(5)")).isEqualTo("monitoring-it/1");
    assertThat(browser.findElement(By.cssSelector(served + "a.lineage")).getAttribute("href"))
        .isEqualTo(MonitoredPlatform.registryUrl() + "/models/" + MonitoredPlatform.MODEL + "/versions/"
            + MonitoredPlatform.modelVersion());
    assertThat(browser.findElement(By.cssSelector(served + "a.dataset")).getAttribute("href"))
        .endsWith("/datasets/" + MonitoredPlatform.DATASET + "/versions/" + MonitoredPlatform.dataVersion());

    // The accuracy history is drawn from the stored evaluations of this version.
    assertThat(((Number) js("return Chart.getChart('accuracy-chart').data.datasets.filter(d => d.label === 'v"
        + MonitoredPlatform.modelVersion() + " labelled share')[0].data.length")).longValue()).isPositive();
    screenshots("model");
  }

  @Test
  void anAlertIsShownAsAnAlert() {
    open(); // the evaluation first
    // The window of the fully drifted traffic alone, judged now (whatever else this JVM sent in the last hour).
    JsonNode windowed = MonitoredPlatform.json(given().queryParam("environment", "production")
        .queryParam("from", drifted.from().toString()).queryParam("to", drifted.to().toString())
        .get("/monitoring/models/{m}/report", MonitoredPlatform.MODEL).then().statusCode(200).extract().asString());
    browser.get(base.resolve("/models/" + MonitoredPlatform.MODEL + "?environment=production&from=" + drifted.from()
        + "&to=" + drifted.to()).toString());
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> js("return typeof Chart !== 'undefined' && !!Chart.getChart('distribution-chart')"));
    assertThat(text("#notice")).contains("not stored");
    JsonNode alerting = null;
    for (JsonNode f : windowed.path("features")) {
      if (f.path("status").asText().equals("alert")) {
        alerting = f;
        break;
      }
    }
    assertThat(alerting).as("the fully drifted traffic alerts on a feature: " + windowed.path("features")).isNotNull();
    String feature = alerting.path("feature").asText();
    WebElement badge = browser.findElement(By.cssSelector("#drift-table tr[data-feature='" + feature + "'] .status"));
    assertThat(badge.getText()).isEqualTo("alert");
    assertThat(badge.getCssValue("background-color")).as("alert red").isEqualTo("rgba(179, 38, 30, 1)");
    assertStat(text("#drift-table tr[data-feature='" + feature + "'] [data-metric=psi]"), alerting.path("psi"));
    WebElement banner = browser.findElement(By.id("alerts"));
    assertThat(banner.isDisplayed()).isTrue();
    assertThat(banner.getAttribute("role")).isEqualTo("alert");
    assertThat(banner.getText()).contains("Input drift on " + feature + ": " + alerting.path("psiVerdict").path("rule").asText());
    assertThat(text("#report-status")).isEqualTo("alert");
    assertThat(browser.findElement(By.id("report-status")).getCssValue("background-color")).isEqualTo("rgba(179, 38, 30, 1)");
    // A feature that is fine is not shown as an alert.
    for (JsonNode f : windowed.path("features")) {
      if (f.path("status").asText().equals("ok")) {
        assertThat(browser.findElement(By.cssSelector("#drift-table tr[data-feature='" + f.path("feature").asText()
            + "'] .status")).getCssValue("background-color")).isEqualTo("rgba(27, 127, 59, 1)");
        break;
      }
    }
  }

  @Test
  void choosingAnotherFeatureRedrawsItsDistributions() {
    open();
    String first = (String) js("return document.getElementById('distribution-chart').dataset.feature");
    assertDrawn(first);
    String before = (String) js("return document.getElementById('distribution-chart').toDataURL()");
    String other = null;
    for (JsonNode f : report.path("features")) {
      if (!f.path("feature").asText().equals(first) && f.path("type").asText().equals("numeric") != isNumeric(first)) {
        other = f.path("feature").asText();
        break;
      }
    }
    assertThat(other).isNotNull();
    new Select(browser.findElement(By.id("feature-select"))).selectByValue(other);
    assertDrawn(other);
    assertThat(js("return document.getElementById('distribution-chart').toDataURL()")).as("the canvas was redrawn")
        .isNotEqualTo(before);
    assertThat(browser.findElement(By.cssSelector("#drift-table tr[data-feature='" + other + "']")).getAttribute("class"))
        .contains("chosen");
    // A feature's button in the drift table chooses it too.
    browser.findElement(By.cssSelector("#drift-table button[data-feature='" + first + "']")).click();
    assertDrawn(first);
  }

  @Test
  void harvestsAndRetrainingDecisionsAreListedAsTheApiRecordsThem() {
    // A decision to record: a manual harvest asking for more labels than exist is refused and recorded as skipped.
    given().contentType("application/json").body("{\"environment\":\"production\",\"policy\":\"window\",\"minLabelled\":1000000000}")
        .post("/monitoring/models/{m}/harvests", MonitoredPlatform.MODEL).then().statusCode(409);
    JsonNode latest = MonitoredPlatform.json(given().get("/monitoring/models/{m}/harvests", MonitoredPlatform.MODEL)
        .then().statusCode(200).extract().asString()).path("items").path(0);
    assertThat(latest.path("outcome").asText()).isEqualTo("skipped");
    open();
    WebElement row = browser.findElement(By.cssSelector("#harvests-table tbody tr"));
    assertThat(row.getAttribute("data-outcome")).isEqualTo("skipped");
    List<WebElement> cells = row.findElements(By.tagName("td"));
    assertThat(cells.get(1).getText()).isEqualTo(latest.path("trigger").asText());
    assertThat(cells.get(2).getText()).isEqualTo("window");
    assertThat(cells.get(4).getText()).isEqualTo(PageFormat.count(latest.path("labelled").asLong()));
    assertThat(cells.get(6).getText()).startsWith("skipped").contains(latest.path("reason").asText());
    assertThat(cells.get(6).findElement(By.cssSelector(".status")).getAttribute("class")).contains("status-warn");
  }

  @Test
  void theIndexListsTheModelAndThePageFitsAPhoneWidth() throws Exception {
    open();
    browser.manage().window().setSize(new Dimension(1280, 800));
    browser.get(base.toString());
    WebElement card = browser.findElement(By.cssSelector(".card[data-model='" + MonitoredPlatform.MODEL
        + "'][data-environment='production']"));
    assertThat(card.getText()).contains("version " + MonitoredPlatform.modelVersion());
    card.click();
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> js("return typeof Chart !== 'undefined' && !!Chart.getChart('distribution-chart')"));
    // Opened on a phone: nothing wider than its viewport, wide tables scroll inside their own box.
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.navigate().refresh();
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> js("return typeof Chart !== 'undefined' && !!Chart.getChart('distribution-chart')"));
    assertThat(((Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
        .longValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
    assertThat(browser.findElement(By.id("drift-table")).isDisplayed()).isTrue();
  }

  private void assertDrawn(String feature) {
    JsonNode f = null;
    for (JsonNode x : report.path("features")) {
      if (x.path("feature").asText().equals(feature)) {
        f = x;
      }
    }
    assertThat(f).isNotNull();
    JsonNode d = f.path("distribution");
    assertThat(js("return document.getElementById('distribution-chart').dataset.feature")).isEqualTo(feature);
    @SuppressWarnings("unchecked")
    List<Object> labels = (List<Object>) js("return Chart.getChart('distribution-chart').data.labels");
    List<String> bins = new ArrayList<>();
    d.path("bins").forEach(b -> bins.add(b.asText()));
    assertThat(labels).containsExactlyElementsOf(bins);
    assertShares("return Chart.getChart('distribution-chart').data.datasets[0].data", d.path("training"));
    assertShares("return Chart.getChart('distribution-chart').data.datasets[1].data", d.path("live"));
  }

  private void assertShares(String script, JsonNode counts) {
    @SuppressWarnings("unchecked")
    List<Object> drawn = (List<Object>) js(script);
    long total = 0;
    for (JsonNode c : counts) {
      total += c.asLong();
    }
    assertThat(drawn).hasSize(counts.size());
    for (int i = 0; i < counts.size(); i++) {
      assertThat(((Number) drawn.get(i)).doubleValue()).isCloseTo((double) counts.get(i).asLong() / total, within(1e-12));
    }
  }

  private boolean isNumeric(String feature) {
    for (JsonNode f : report.path("features")) {
      if (f.path("feature").asText().equals(feature)) {
        return f.path("type").asText().equals("numeric");
      }
    }
    return false;
  }

  private void screenshots(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    browser.manage().window().setSize(new Dimension(1280, 800));
    Files.write(SCREENSHOTS.resolve(name + "-1280x800.png"), browser.getScreenshotAs(OutputType.BYTES));
    Files.write(SCREENSHOTS.resolve(name + "-1280-full.png"), fullPage());
    browser.manage().window().setSize(new Dimension(390, 844));
    Files.write(SCREENSHOTS.resolve(name + "-390x844.png"), browser.getScreenshotAs(OutputType.BYTES));
    Files.write(SCREENSHOTS.resolve(name + "-390-full.png"), fullPage());
    browser.manage().window().setSize(new Dimension(1280, 800));
  }

  /** The whole page, not only the viewport (Chrome DevTools' screenshot beyond the viewport). */
  private byte[] fullPage() {
    Number height = (Number) js("return document.documentElement.scrollHeight");
    Number width = (Number) js("return document.documentElement.clientWidth");
    Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().trim();
  }

  private static int rank(String status) {
    return switch (status) {
      case "alert" -> 3;
      case "warn" -> 2;
      case "ok" -> 1;
      default -> 0;
    };
  }

  private static long count(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  /** A share as the page writes it (a percentage with one decimal) against the report's number. */
  private static void assertShare(String text, JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      assertThat(text).isEqualTo(PageFormat.NONE);
      return;
    }
    assertThat(text).endsWith(" %");
    double shown = Double.parseDouble(text.substring(0, text.length() - 2)) / 100;
    assertThat(shown).as(text + " for " + value).isCloseTo(value.asDouble(), within(0.0005 + 1e-12));
  }

  /** A statistic as the page writes it (four decimals) against the report's number. */
  private static void assertStat(String text, JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      assertThat(text).isEqualTo(PageFormat.NONE);
      return;
    }
    assertThat(Double.parseDouble(text)).as(text + " for " + value).isCloseTo(value.asDouble(), within(0.00005 + 1e-12));
  }
}
