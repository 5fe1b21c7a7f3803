// Light and dark themes: the system's choice unless the viewer picked one, remembered in localStorage.
const key = 'turtle-theme';

export function initTheme(doc) {
  const saved = localStorage.getItem(key);
  if (saved === 'light' || saved === 'dark') {
    doc.documentElement.dataset.theme = saved;
  }

  for (const button of doc.querySelectorAll('[data-theme-toggle]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const current = doc.documentElement.dataset.theme
        ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
      const next = current === 'dark' ? 'light' : 'dark';
      doc.documentElement.dataset.theme = next;
      localStorage.setItem(key, next);
      doc.dispatchEvent(new CustomEvent('turtle:theme'));
    });
  }
}
