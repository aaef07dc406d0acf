import type { ReportData, Row } from './ReportData.ts';

const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that is safe inside a <script> element whatever strings the data holds. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (n: number | null | undefined, digits = 1): string => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(digits)}%`);

const LEVEL_COLOURS: Record<string, string> = { red: '#d62728', orange: '#ff7f0e', yellow: '#e6c229', blue: '#1f77b4', none: '#888' };

function card(labelZh: string, labelEn: string, value: string, sub = ''): string {
  return (
    `<div class="card"><div class="label">${esc(labelZh)}<span>${esc(labelEn)}</span></div>` +
    `<div class="value">${esc(value)}</div><div class="sub">${esc(sub)}</div></div>`
  );
}

function riskTable(rows: Row[]): string {
  if (!rows.length)
    return '<p class="empty">暂无规模性失业风险预警 — no layoff-risk alerts for this period (run <code>labourflow watch-layoffs</code>).</p>';
  const body = rows
    .map((r) => {
      const level = String(r.level);
      return `<tr><td><span class="badge" style="background:${LEVEL_COLOURS[level] ?? '#888'}">${esc(r.level_zh)} ${esc(level)}</span></td>
<td>${esc(r.scope_kind)}</td><td>${esc(r.region_name ?? r.region_code)}</td><td>${esc(r.industry_code)}</td><td>${esc(r.employer_name)}</td>
<td>${esc(r.status)}</td><td class="expl">${esc(r.explanation_zh)}</td></tr>`;
    })
    .join('\n');
  return (
    '<table class="risk"><thead><tr><th>等级 Level</th><th>范围 Scope</th><th>地区 Region</th>' +
    '<th>行业 Industry</th><th>企业 Enterprise</th><th>状态 Status</th><th>说明 Explanation</th></tr></thead>' +
    `<tbody>${body}</tbody></table>`
  );
}

function ratioTable(rows: Row[]): string {
  const body = rows
    .map(
      (
        r,
      ) => `<tr><td>${esc(r.group_name ?? r.group_code)}</td><td class="n">${fmt(Number(r.demand))}</td><td class="n">${fmt(Number(r.seekers))}</td>
<td class="n">${r.ratio === null ? '—' : fmt(Number(r.ratio), 2)}</td><td class="n">${
        r.ratio_change_q === null ? '—' : fmt(Number(r.ratio_change_q), 2)
      }</td>
<td class="n">${r.ratio_change_y === null ? '—' : fmt(Number(r.ratio_change_y), 2)}</td></tr>`,
    )
    .join('\n');
  return (
    '<table><thead><tr><th>地区 Region</th><th>需求人数 Demand</th><th>求职人数 Seekers</th>' +
    '<th>求人倍率 Ratio (flow: demand ÷ seekers of the quarter)</th><th>环比 Δ q/q (units in both quarters)</th>' +
    `<th>同比 Δ y/y (units in both years)</th></tr></thead><tbody>${body}</tbody></table>`
  );
}

/** The client-side part: builds every chart from the embedded data with the inlined Chart.js. */
const CHART_SCRIPT =
  `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  Chart.defaults.maintainAspectRatio = false;
  function make(id, config) { var el = document.getElementById(id); if (el) new Chart(el, config); }
  var regions = data.ratioByRegion.filter(function (r) { return r.ratio !== null; });
  make('chart-ratio', { type: 'bar', data: { labels: regions.map(function (r) { return r.group_name || r.group_code; }),
    datasets: [{ label: '求人倍率 job-to-applicant ratio', data: regions.map(function (r) { return r.ratio; }),
      backgroundColor: regions.map(function (r) { return r.ratio >= 1 ? '#2a9d8f' : '#e76f51'; }) }] },
    options: { plugins: { legend: { display: false } }, ` +
  `scales: { y: { beginAtZero: true, title: { display: true, text: '需求 ÷ 求职 demand ÷ seekers' } } } } });
  var w = data.wagesByOccupation;
  var occ = w.map(function (r) { return r.occupation_name || r.occupation_code || '未注明 unspecified'; });
  make('chart-wages', { type: 'bar', data: { labels: occ, datasets: [
      { label: 'P10–P90', data: w.map(function (r) { return [r.p10, r.p90]; }), backgroundColor: 'rgba(38,70,83,0.25)', grouped: false },
      { label: 'P25–P75', data: w.map(function (r) { return [r.p25, r.p75]; }), backgroundColor: 'rgba(38,70,83,0.6)', grouped: false, barPercentage: 0.6 },
      { label: 'P50 中位数', data: w.map(function (r) { return [r.p50 - 40, r.p50 + 40]; }), ` +
  `backgroundColor: '#e9c46a', grouped: false, barPercentage: 0.9 } ] },
    options: { indexAxis: 'y', scales: { x: { title: { display: true, text: '月薪（元）monthly CNY' } } } } });
  var t = data.unemploymentTrend;
  make('chart-trend', { type: 'bar', data: { labels: t.map(function (r) { return r.month; }), datasets: [
      { type: 'line', label: '登记失业 stock', data: t.map(function (r) { return r.stock; }), ` +
  `borderColor: '#264653', backgroundColor: '#264653', yAxisID: 'y' },
      { type: 'line', label: '长期失业 6+ months', data: t.map(function (r) { return r.long_term; }), ` +
  `borderColor: '#e76f51', backgroundColor: '#e76f51', yAxisID: 'y' },
      { label: '新增 inflow', data: t.map(function (r) { return r.inflow; }), backgroundColor: 'rgba(42,157,143,0.6)', yAxisID: 'y1' },
      { label: '退出 outflow', data: t.map(function (r) { return r.outflow; }), backgroundColor: 'rgba(233,196,106,0.8)', yAxisID: 'y1' } ] },
    options: { scales: { y: { beginAtZero: true, position: 'left', title: { display: true, text: '存量 stock' } },
      y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: '流量 flow' } } } } });
  var d = data.duration || {};
  make('chart-duration', { type: 'bar', data: { labels: ['<1个月', '1–3个月', '3–6个月', '6–12个月', '12个月以上'], datasets: [
      { label: '登记失业人员 registered unemployed', data: [d.under_1m || 0, d.m1_3 || 0, d.m3_6 || 0, d.m6_12 || 0, d.m12_plus || 0],
        backgroundColor: ['#2a9d8f', '#8ab17d', '#e9c46a', '#f4a261', '#e76f51'] } ] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } } });
  var k = data.keyGroups.filter(function (r) { return r.key_group !== 'all'; });
  make('chart-keygroups', { type: 'bar', data: { labels: k.map(function (r) { return r.key_group_name || r.key_group; }), datasets: [
      { label: '人数 seekers', data: k.map(function (r) { return r.seekers; }), backgroundColor: 'rgba(38,70,83,0.35)', xAxisID: 'x' },
      { label: '已服务 served', data: k.map(function (r) { return r.served; }), backgroundColor: '#2a9d8f', xAxisID: 'x' } ] },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } } });
  window.__reportReady = true;
})();
`;

const CSS = `
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; background: #f6f7f9; color: #1d2731; }
header { background: #264653; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; } header p { margin: 0; opacity: 0.85; }
main { padding: 20px 32px; max-width: 1280px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin-bottom: 20px; }
.card { background: #fff; border-radius: 8px; padding: 12px 14px; box-shadow: 0 1px 3px rgba(0,0,0,0.08); }
.card .label { font-size: 13px; color: #4a5a68; } .card .label span { display: block; font-size: 11px; color: #8796a3; }
.card .value { font-size: 26px; font-weight: 600; margin-top: 4px; } .card .sub { font-size: 12px; color: #6b7a88; }
section { background: #fff; border-radius: 8px; padding: 14px 18px; margin-bottom: 18px; box-shadow: 0 1px 3px rgba(0,0,0,0.08); }
section h2 { font-size: 17px; margin: 0 0 10px; } section h2 span { font-weight: normal; color: #6b7a88; font-size: 14px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.chart { position: relative; height: 320px; } .chart.tall { height: 460px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border-bottom: 1px solid #e3e7eb; padding: 5px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } td.expl { max-width: 520px; }
.badge { color: #fff; border-radius: 4px; padding: 1px 6px; font-size: 12px; white-space: nowrap; }
.empty { color: #6b7a88; } .notes { color: #6b7a88; font-size: 12px; } footer { padding: 0 32px 24px; color: #6b7a88; font-size: 12px; }
`;

const TREND_SECTION =
  '<section><h2>登记失业趋势 <span>Registered unemployment, 12 months</span></h2>' +
  '<div class="chart"><canvas id="chart-trend" aria-label="unemployment trend"></canvas></div></section>';

const FOOTER =
  '<footer>labourflow · 数据来自 store queries (sql/queries): supply-demand, wage-guide, unemployment, unemployment-trend, ' +
  'key-group-coverage, follow-up-compliance, layoff-risk.</footer>';

/** One self-contained HTML file: styles, data and the chart library inline; no request leaves the page. */
export function renderReportHtml(data: ReportData, chartLibrary: string): string {
  const h = data.headline;
  const cards = [
    card('岗位需求人数', 'demand (openings)', fmt(h.demand), data.quarter),
    card('求职人数', 'job seekers', fmt(h.seekers), data.quarter),
    // One definition, named where it is shown: the quarterly flow of the MOHRSS tables. Its change
    // is over the units that reported in both quarters, so that earlier ratio is shown beside it.
    card(
      '求人倍率（季度流量）',
      `job-to-applicant ratio, flow: demand posted ÷ seekers registered in ${data.quarter}`,
      h.ratio === null ? '—' : fmt(h.ratio, 2),
      h.ratioChangeQ === null
        ? '环比 q/q —'
        : `环比 q/q ${h.ratioChangeQ >= 0 ? '+' : ''}${fmt(h.ratioChangeQ, 2)} on the ${fmt(h.unitsMatchedQ)} units in both quarters ` +
            `(previous ${fmt(h.ratioPrevQ, 2)})`,
    ),
    card('登记失业人员', 'registered unemployed', fmt(h.registeredUnemployed), `${data.month} 月末 month end`),
    card('长期失业占比', 'long-term (6+ months) share', pct(h.longTermShare), ''),
    card('跟踪服务落实率', 'monthly follow-up done', pct(h.followUpCompliance), `30天至 30 days to ${data.period.to}`),
    card('风险预警', 'layoff-risk alerts', fmt(h.alerts), data.period.alertMonth),
  ];
  if (h.medianWage !== null) cards.splice(3, 0, card('月薪中位数', 'median posted wage', fmt(h.medianWage), 'CNY / month'));
  const level = { province: '省', city: '市', county: '县（区）' }[data.regionLevel];
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>劳动力市场分析报告 · ${esc(data.scope.name)} · ${esc(data.quarter)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>人力资源市场供求分析报告 <small>Labour market report</small></h1>
<p>${esc(data.scope.name)}${data.scope.code ? ` (${esc(data.scope.code)})` : ''} · 报告期 period ${esc(data.period.label)} (${esc(
    data.period.from,
  )} – ${esc(data.period.to)})${data.period.hasData ? '' : ' · <b>本期无数据 no data for this period</b>'} · 季度 quarter ${esc(
    data.quarter,
  )} · 月份 month ${esc(data.month)} · 生成 generated ${esc(data.generatedAt)}</p>
</header>
<main>
<div class="cards">${cards.join('\n')}</div>
<section><h2>分地区求人倍率 <span>Job-to-applicant ratio by ${esc(data.regionLevel)} (${esc(level)}): flow, demand posted ÷ seekers registered in ${esc(
    data.quarter,
  )} (as the MOHRSS quarterly tables)</span></h2>
<div class="chart"><canvas id="chart-ratio" aria-label="ratio by region"></canvas></div>
<details><summary>数据表 table</summary>${ratioTable(data.ratioByRegion)}</details></section>
<section><h2>分职业工资指导价位 <span>Wage bands by occupation: P10 · P25 · P50 · P75 · P90 (cells of 30+ postings posted ${esc(
    data.period.from,
  )} – ${esc(data.period.to)})</span></h2>
<div class="chart tall"><canvas id="chart-wages" aria-label="wage bands"></canvas></div></section>
<div class="grid2">
${TREND_SECTION}
<section><h2>失业时长分布 <span>Duration of registered unemployment, ${esc(
    data.month,
  )}</span></h2><div class="chart"><canvas id="chart-duration" aria-label="duration"></canvas></div></section>
</div>
<section><h2>重点群体服务 <span>Key groups: seekers and those served ${esc(data.period.from)} – ${esc(data.period.to)}</span></h2>
<div class="chart tall"><canvas id="chart-keygroups" aria-label="key groups"></canvas></div></section>
<section><h2>规模性失业风险预警 <span>Layoff risk, ${esc(data.period.alertMonth)}</span></h2>${riskTable(data.layoffRisk)}</section>
${data.notes.length ? `<p class="notes">${data.notes.map(esc).join('<br>')}</p>` : ''}
</main>
${FOOTER}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
