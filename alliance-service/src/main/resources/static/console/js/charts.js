// Charts with Chart.js (a WebJar, loaded by the page as /webjars/chart.js/dist/chart.umd.js).
const COLOURS = ['#9b1c1c', '#2f6f4e', '#b45309', '#1d4ed8', '#6b21a8', '#0f766e', '#be185d', '#4d7c0f', '#92400e', '#334155'];

const charts = new Map();

/** Draws (or redraws) a chart on a canvas; screenshots and tests see the final picture at once. */
export function draw(canvas, type, labels, datasets, options = {}) {
	charts.get(canvas)?.destroy();
	const chart = new window.Chart(canvas, {
		type,
		data: {
			labels,
			datasets: datasets.map((dataset, index) => ({
				backgroundColor: type === 'doughnut' || type === 'pie' ? COLOURS : COLOURS[index % COLOURS.length],
				borderColor: type === 'line' ? COLOURS[index % COLOURS.length] : undefined,
				...dataset,
			})),
		},
		options: {
			animation: false,
			maintainAspectRatio: false,
			responsive: true,
			plugins: { legend: { display: datasets.length > 1 || type === 'doughnut' } },
			...options,
		},
	});
	charts.set(canvas, chart);
	return chart;
}

