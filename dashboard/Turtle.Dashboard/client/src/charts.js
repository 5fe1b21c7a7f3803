// Time-series charts (uPlot). Each chart element names a JSON island with its history over [from, to]; live charts
// append the points pushed over the stream and slide their window. A chart without data keeps its message until
// its first point arrives.
import uPlot from 'uplot';

const palette = ['#2f7ed8', '#e4572e', '#17a673', '#a855f7'];

export function mountCharts(doc) {
  const charts = [];
  for (const element of doc.querySelectorAll('[data-chart]')) {
    charts.push(createChart(element, JSON.parse(doc.getElementById(element.dataset.chart).textContent)));
  }

  doc.addEventListener('turtle:points', (event) => charts.forEach((c) => c.append(event.detail)));
  doc.addEventListener('turtle:theme', () => charts.forEach((c) => c.redraw()));
}

function createChart(element, data) {
  const columns = [data.times, ...data.series.map((s) => s.values)];
  const span = data.to - data.from;
  let plot = null;

  const draw = () => {
    const style = getComputedStyle(element);
    const axis = () => ({ stroke: style.getPropertyValue('--muted').trim() || '#888', grid: { stroke: style.getPropertyValue('--grid').trim() || '#8883' }, ticks: { stroke: style.getPropertyValue('--grid').trim() || '#8883' } });
    const options = {
      width: Math.max(element.clientWidth, 200),
      height: 170,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => [data.from, data.to] },
        y: data.max ? { range: [0, data.max] } : { range: (_, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [axis(), { ...axis(), size: 76, values: (_, ticks) => ticks.map((v) => format(v, data.unit)) }],
      series: [{}, ...data.series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 1.5, points: { show: columns[0].length < 3 }, value: (_, v) => v == null ? '–' : format(v, data.unit) }))],
    };
    element.textContent = '';
    plot = new uPlot(options, columns, element);
    new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200), height: 170 })).observe(element);
  };

  if (data.times.length > 0) {
    draw();
  }

  return {
    append(points) {
      const values = points.chart?.[data.name];
      if (!data.live || values === undefined || values.every((v) => v == null)) {
        return;
      }

      columns[0].push(points.t);
      values.forEach((v, i) => columns[i + 1].push(v));
      data.to = Math.max(data.to, points.t);
      data.from = data.to - span;
      while (columns[0].length > 1 && columns[0][0] < data.from) {
        columns.forEach((c) => c.shift());
      }

      if (plot) {
        plot.setData(columns);
      } else {
        draw();
      }

      element.dataset.points = String(columns[0].length);
      element.dataset.last = String(values[0]);
    },
    redraw() {
      if (plot) {
        draw();
      }
    },
  };
}

function format(value, unit) {
  if (unit === '%') {
    return `${value.toFixed(value < 10 ? 1 : 0)} %`;
  }

  if (unit === 'B/s') {
    const units = ['B/s', 'kB/s', 'MB/s', 'GB/s'];
    let i = 0;
    while (Math.abs(value) >= 1000 && i < units.length - 1) {
      value /= 1000;
      i++;
    }

    return `${value.toFixed(value < 10 ? 1 : 0)} ${units[i]}`;
  }

  return value.toFixed(value < 10 ? 2 : 0);
}
