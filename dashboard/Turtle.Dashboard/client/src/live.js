// Live updates: one server-sent event stream per page, scoped to what the page shows. The server sends re-rendered
// HTML fragments (swapped in place by id) and chart points. EventSource reconnects by itself and sends
// Last-Event-ID; the server answers a reconnect with the current state of every fragment, so nothing is lost.
export function startLive(doc) {
  const source = doc.querySelector('[data-live]')?.dataset.live;
  if (!source || !('EventSource' in window)) {
    return;
  }

  const status = doc.getElementById('live-status');
  const setStatus = (text, state) => {
    if (status) {
      status.textContent = text;
      status.dataset.state = state;
    }
  };

  const stats = { fragments: 0, points: 0, lastEventAt: 0, opened: 0 };
  window.turtleLive = stats;
  const events = new EventSource(source);
  events.addEventListener('open', () => {
    stats.opened++;
    setStatus('Live', 'live');
  });
  events.addEventListener('error', () => setStatus(events.readyState === EventSource.CLOSED ? 'Offline' : 'Reconnecting…', 'down'));
  events.addEventListener('fragment', (event) => {
    const { id, html } = JSON.parse(event.data);
    const target = doc.getElementById(id);
    if (target) {
      const template = doc.createElement('template');
      template.innerHTML = html.trim();
      const replacement = template.content.firstElementChild;
      // Identical markup is left alone: no flicker, and a click on it is never lost to a swap.
      if (replacement && !replacement.isEqualNode(target)) {
        target.replaceWith(replacement);
      }
    }

    stats.fragments++;
    stats.lastEventAt = performance.now();
  });
  events.addEventListener('points', (event) => {
    doc.dispatchEvent(new CustomEvent('turtle:points', { detail: JSON.parse(event.data) }));
    stats.points++;
    stats.lastEventAt = performance.now();
  });
  // Closing the page ends the stream at once, so the server releases the subscription without waiting for a timeout.
  window.addEventListener('pagehide', () => events.close());
}
