package org.paperlink.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

import static org.awaitility.Awaitility.await;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver: never a browser a
 * tool downloads. Each window is one person (the console keeps its session per tab).
 */
final class ConsoleBrowser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Duration PATIENCE = Duration.ofSeconds(30);

	private final ChromeDriver driver;

	private final String baseUrl;

	private final Path screenshots;

	ConsoleBrowser(String baseUrl, Path screenshots) throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("The console's browser tests need Debian's chromium and chromium-driver: "
					+ "apt-get install chromium chromium-driver (./mvnw verify installs them when run as root)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
				"--disable-backgrounding-occluded-windows", "--lang=zh-CN", "--window-size=1280,900",
				"--user-data-dir=" + Files.createTempDirectory("paperlink-chromium"));
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
		this.baseUrl = baseUrl;
		this.screenshots = screenshots;
		Files.createDirectories(screenshots);
	}

	/** A window of its own: a new person, signed out. Returns its handle. */
	String newWindow() {
		this.driver.switchTo().newWindow(WindowType.WINDOW);
		return this.driver.getWindowHandle();
	}

	String window() {
		return this.driver.getWindowHandle();
	}

	void switchTo(String window) {
		this.driver.switchTo().window(window);
	}

	void open(String page) {
		this.driver.get(this.baseUrl + "/console/" + page);
	}

	void signIn(String username, String password, String expectedPage) {
		open("login.html");
		type("#username", username);
		// the keyboard alone: Enter in the password field signs in
		type("#password", password + Keys.ENTER);
		await().atMost(PATIENCE).until(() -> this.driver.getCurrentUrl().endsWith(expectedPage));
	}

	WebElement find(String css) {
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> this.driver.findElement(By.cssSelector(css)).isDisplayed());
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	void type(String css, String text) {
		WebElement input = find(css);
		input.clear();
		input.sendKeys(text);
	}

	void select(String css, String value) {
		new Select(find(css)).selectByValue(value);
	}

	void click(String css) {
		// found and clicked inside the wait: a list the page renders again (a live event,
		// a
		// reload on reconnecting) leaves the element found a moment before stale
		await().atMost(PATIENCE).ignoreExceptions().until(() -> {
			WebElement element = this.driver.findElement(By.cssSelector(css));
			if (!element.isDisplayed()) {
				return false;
			}
			element.click();
			return true;
		});
	}

	/**
	 * The text as shown: empty for an element that is hidden (an error with nothing to
	 * say).
	 */
	String text(String css) {
		// read inside the wait: a list the page renders again (a live event) leaves the
		// element found a moment before stale
		return await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> this.driver.findElement(By.cssSelector(css)).getText(), (text) -> text != null);
	}

	/** Waits until the element's text contains the expected text, and returns it. */
	String awaitText(String css, String expected) {
		return await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> this.driver.findElement(By.cssSelector(css)).getText(),
					(text) -> text != null && text.contains(expected));
	}

	Object script(String javascript, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(javascript, arguments);
	}

	/**
	 * Runs a script that answers through its last argument (a callback), as a page's
	 * promise does.
	 */
	Object asyncScript(String javascript, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeAsyncScript(javascript, arguments);
	}

	String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	/** The data of a Chart.js chart as drawn: its labels and each dataset's numbers. */
	@SuppressWarnings("unchecked")
	List<Number> chartData(String canvasCss, int dataset) {
		return (List<Number>) script("const chart = Chart.getChart(document.querySelector(arguments[0]));"
				+ "return chart ? chart.data.datasets[arguments[1]].data : null;", canvasCss, dataset);
	}

	/** What the browser logged as errors, such as a Content-Security-Policy refusal. */
	List<String> severeLogs() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	/**
	 * A full-page screenshot at the given width (375: a phone), saved as
	 * {@code name-width.png}; the page's width in CSS pixels at that size is returned.
	 */
	long screenshot(String name, int width) throws IOException {
		boolean phone = width < 600;
		this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", phone));
		// charts redraw for the new width a frame or two later: give the layout a moment
		// to settle
		try {
			await().pollDelay(Duration.ofMillis(200))
				.atMost(Duration.ofSeconds(5))
				.ignoreExceptions()
				.until(() -> ((Number) script("return document.documentElement.scrollWidth")).longValue() <= width);
		}
		catch (ConditionTimeoutException ex) {
			// still wider: the caller's assertion reports by how much
		}
		long pageWidth = ((Number) script("return document.documentElement.scrollWidth")).longValue();
		long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
		this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height",
				(int) Math.min(height, 16_000), "deviceScaleFactor", 1, "mobile", phone));
		Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true));
		this.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		try {
			Files.write(this.screenshots.resolve(name + "-" + width + ".png"),
					Base64.getDecoder().decode((String) shot.get("data")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pageWidth;
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
