// The topology: DCs, hosts and links as a graph coloured by status; a click opens the node's page.
import cytoscape from 'cytoscape';

const colours = { Ok: '#17a673', Up: '#17a673', Warning: '#e0a100', Degraded: '#e0a100', Critical: '#d63d2e', Down: '#d63d2e', LostContact: '#8a8f98', Unknown: '#8a8f98' };

export function mountTopology(doc) {
  for (const element of doc.querySelectorAll('[data-topology]')) {
    const graph = JSON.parse(doc.getElementById(element.dataset.topology).textContent);
    const text = getComputedStyle(element).getPropertyValue('--text').trim() || '#222';
    element.textContent = '';
    const cy = cytoscape({
      container: element,
      elements: [
        ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, status: n.status, href: n.href } })),
        ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to, kind: e.kind, status: e.status ?? '' } })),
      ],
      layout: { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true },
      style: [
        { selector: 'node', style: { label: 'data(label)', color: text, 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': (n) => colours[n.data('status')] ?? '#8a8f98' } },
        { selector: 'node[kind = "Dc"]', style: { shape: 'round-rectangle', width: 46, height: 30, 'font-weight': 'bold' } },
        { selector: 'node[kind = "Host"]', style: { width: 18, height: 18 } },
        { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'line-color': '#9aa3ad' } },
        { selector: 'edge[kind = "Link"]', style: { 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'line-color': (e) => colours[e.data('status')] ?? '#9aa3ad', 'target-arrow-color': (e) => colours[e.data('status')] ?? '#9aa3ad' } },
      ],
    });
    cy.on('tap', 'node', (event) => {
      const href = event.target.data('href');
      if (href) {
        location.href = href;
      }
    });
    element.dataset.ready = 'true';
  }
}
