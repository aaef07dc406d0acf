// Draws the chart of a query page from its data island with the locally served Chart.js; the table beside it holds the same figures.
document.addEventListener('DOMContentLoaded', () => {
  const data = document.getElementById('chart-data');
  const canvas = document.getElementById('chart');
  if (!data || !canvas || typeof Chart === 'undefined') return;
  const spec = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: 'bar',
    data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.values, backgroundColor: '#2b6cb0' }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: true } } },
  });
});
