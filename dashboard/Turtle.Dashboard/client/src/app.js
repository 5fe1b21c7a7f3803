// The dashboard's browser code. Pages are complete without it (server-rendered); it adds live updates, charts,
// the topology graph and the theme switch. Charts and the graph load only on pages that have them.
import { initTheme } from './theme.js';
import { startLive } from './live.js';

initTheme(document);
const loading = [];
if (document.querySelector('[data-chart]')) {
  loading.push(import('./charts.js').then((m) => m.mountCharts(document)));
}

if (document.querySelector('[data-topology]')) {
  loading.push(import('./topology.js').then((m) => m.mountTopology(document)));
}

// Charts subscribe to pushed points, so the stream starts once they are listening.
Promise.all(loading).finally(() => startLive(document));
