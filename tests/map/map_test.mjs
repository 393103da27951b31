// Opens sitmap's /map in headless Chromium (Debian's, driven by playwright-core), waits for the
// map to render, counts the rendered event features, narrows the date slider and counts again,
// and saves a screenshot. Prints one JSON line; exits non-zero on any failure.
// usage: node tests/map/map_test.mjs BASE_URL SCREENSHOT.png
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
         "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // a Content-Security-Policy that blocks a script, a style or a worker the map needs shows
  // up as a console error ("Refused to …" naming the policy)
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
  });
  await page.goto(base + "/map");
  await page.waitForFunction(() => window.sitmap && window.sitmap.ready, null, { timeout: 60000 });
  const rendered = () => page.evaluate(() => {
    const fs = window.sitmap.map.queryRenderedFeatures({ layers: ["events", "clusters"] });
    return { features: fs.length, events: fs.reduce((n, f) => n + (f.properties.point_count || 1), 0) };
  });
  const before = await rendered();
  const basemap = await page.evaluate(() =>
    window.sitmap.map.queryRenderedFeatures({ layers: ["land"] }).length);
  // keep only the last tenth of the date range
  await page.evaluate(() => {
    const from = document.getElementById("from");
    from.value = String(Math.round(+from.max * 0.9));
    from.dispatchEvent(new Event("input"));
  });
  await page.waitForFunction(() => window.sitmap.datetime !== null && window.sitmap.ready, null, { timeout: 60000 });
  const after = await rendered();
  const datetime = await page.evaluate(() => window.sitmap.datetime);
  const download = await page.evaluate(() => document.getElementById("download").href);
  const demo = await page.evaluate(() => {
    const el = document.getElementById("demo");
    return { shown: getComputedStyle(el).display !== "none", text: el.textContent };
  });
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ before, after, basemap, datetime, download, demo, errors }));
} finally {
  await browser.close();
}
