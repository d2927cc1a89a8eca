// Opens the Flink web UI of a running job in headless Chromium (Debian's /usr/bin/chromium, driven
// by npm playwright-core), checks the job graph and one custom metric, and takes screenshots.
// Run by WebUiIT; prints one JSON object on stdout. Environment:
//   PLAYWRIGHT_CORE  path of the installed playwright-core package
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   FLINK_URL, JOB_ID, VERTEX_ID (the vertex that holds METRIC), METRIC (part of a metric id)
//   OPERATORS        JSON array of operator names the graph must show
//   OUT_DIR          where the screenshots go
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const path = require('path');

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(k + ' not set'); return v; };

(async () => {
  const url = env('FLINK_URL'), job = env('JOB_ID'), vertex = env('VERTEX_ID'), metric = env('METRIC');
  const operators = JSON.parse(env('OPERATORS')), out = env('OUT_DIR');
  const result = { operatorsFound: [], operatorsMissing: [], jobState: null, metric: null, screenshots: [] };
  // Flags as on this machine's known-good setup: no sandbox as root, and no background traffic.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60000);

    // The running job's page: its state and the job graph.
    await page.goto(`${url}/#/job/running/${job}/overview`);
    await page.locator('flink-dagre g.node-group').first().waitFor();
    await page.getByText('RUNNING', { exact: true }).first().waitFor();
    result.jobState = 'RUNNING';
    const graph = await page.locator('flink-dagre').innerText();
    const flat = graph.replace(/\s+/g, ' ');
    for (const op of operators) (flat.includes(op) ? result.operatorsFound : result.operatorsMissing).push(op);
    await page.waitForTimeout(500); // let the graph's zoom-to-fit animation settle
    const overview = path.join(out, 'web-ui-job-graph.png');
    await page.screenshot({ path: overview });
    result.screenshots.push(overview);

    // A custom metric, added in the vertex's Metrics tab as a user would.
    await page.goto(`${url}/#/job/running/${job}/overview/${vertex}/metrics`);
    await page.locator('nz-select').first().click();
    await page.keyboard.type(metric);
    const option = page.locator('nz-option-item').filter({ hasText: metric }).first();
    await option.waitFor();
    const id = (await option.innerText()).trim();
    await option.click();
    await page.keyboard.press('Escape');
    // The metric's card (a chart by default) switched to its number, polled until fetched.
    const card = page.locator('flink-job-chart').filter({ hasText: id }).first();
    await card.waitFor();
    await card.getByRole('button', { name: 'Numeric' }).click();
    const numeric = card.locator('.numeric');
    let value = null;
    for (let i = 0; i < 60 && value === null; i++) {
      const m = (await numeric.innerText()).replace(/,/g, '').match(/-?\d+(\.\d+)?/);
      if (m) value = Number(m[0]);
      else await page.waitForTimeout(500);
    }
    result.metric = { id, value };
    const metrics = path.join(out, 'web-ui-metric.png');
    await page.screenshot({ path: metrics });
    result.screenshots.push(metrics);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
