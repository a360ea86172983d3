import { chromium } from 'playwright-core';
const [base, pass, ...urls] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
if (pass !== '-') {
  await p.goto(base + '/sign-in');
  await p.getByLabel('Email address').fill('admin@demoshire.example');
  await p.getByLabel('Password', { exact: true }).fill(pass);
  await p.getByRole('button', { name: 'Sign in' }).click(); await p.waitForURL(/\/c\//);
}
let i = 0;
for (const u of urls) {
  if (u.startsWith('CLICK:')) { await p.getByRole('button', { name: u.slice(6) }).first().click(); await p.waitForLoadState('load'); }
  else await p.goto(base + u);
  await p.screenshot({ path: `/tmp/shots/shot${i++}.png`, fullPage: true });
  console.log(u, await p.title(), [...new Set(await p.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => h && (h.includes('/waves/') || h.includes('/surveys/') || h.includes('/s/')))))].slice(0, 6));
}
await b.close();
