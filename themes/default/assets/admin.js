// The newsroom editor's small helpers: Markdown toolbar, server-rendered preview, autosave.
// Everything works without this file; it only saves keystrokes. Loaded from our own origin
// (the newsroom's Content-Security-Policy forbids inline scripts).
(function () {
  'use strict';
  // A newsletter's progress page follows the sender every two seconds until nothing is queued.
  const send = document.querySelector('[data-send]');
  if (send) {
    const poll = async () => {
      const res = await fetch(`/admin/newsletter/sends/${send.dataset.send}?format=json`, { credentials: 'same-origin' });
      if (!res.ok) return;
      const p = await res.json();
      for (const key of ['sent', 'queued', 'failed']) send.querySelector(`[data-count="${key}"]`).textContent = p[key];
      if (p.queued > 0) setTimeout(poll, 2000);
    };
    setTimeout(poll, 2000);
  }
})();

(function () {
  'use strict';
  const form = document.getElementById('editor');
  if (!form) return;
  const body = document.getElementById('body');
  const preview = document.getElementById('preview');
  const status = document.getElementById('autosave-status');
  const csrf = form.querySelector('input[name="_csrf"]').value;
  const AUTOSAVE_MS = 20000;

  // Wraps the selection (or inserts a placeholder) with Markdown syntax.
  function format(kind) {
    const start = body.selectionStart, end = body.selectionEnd;
    const text = body.value.slice(start, end);
    const forms = {
      bold: ['**', text || 'bold text', '**'],
      italic: ['_', text || 'italic text', '_'],
      link: ['[', text || 'link text', '](https://)'],
      heading: ['\n## ', text || 'Heading', '\n'],
      quote: ['\n> ', text || 'Quotation', '\n'],
      list: ['\n- ', text || 'Item', '\n'],
    };
    const [before, middle, after] = forms[kind];
    body.setRangeText(before + middle + after, start, end, 'end');
    body.setSelectionRange(start + before.length, start + before.length + middle.length);
    body.focus();
    body.dispatchEvent(new Event('input'));
  }

  form.querySelectorAll('[data-md]').forEach((b) =>
    b.addEventListener('click', () => format(b.dataset.md)));
  body.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === 'b') { e.preventDefault(); format('bold'); }
    if (e.key === 'i') { e.preventDefault(); format('italic'); }
  });

  const previewButton = form.querySelector('[data-preview]');
  async function renderPreview() {
    const data = new URLSearchParams({ body: body.value, _csrf: csrf });
    const res = await fetch('/admin/preview', { method: 'POST', body: data, credentials: 'same-origin' });
    // HTML from the server's own Markdown renderer in safe mode (raw HTML removed).
    preview.innerHTML = res.ok ? await res.text() : '<p>The preview could not be made.</p>';
  }
  previewButton.addEventListener('click', async () => {
    const show = preview.hidden;
    previewButton.setAttribute('aria-pressed', String(show));
    if (show) await renderPreview();
    preview.hidden = !show;
  });
  // While the preview is open it follows the typing, half a second after the last key.
  const PREVIEW_DELAY_MS = 500;
  let previewTimer = null;
  body.addEventListener('input', () => {
    if (preview.hidden) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, PREVIEW_DELAY_MS);
  });

  // Autosave: drafts only (the server refuses live articles), every 20 s after a change.
  let dirty = false;
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('submit', () => { dirty = false; });
  if (form.dataset.autosave === 'on') {
    setInterval(async () => {
      if (!dirty) return;
      dirty = false;
      const data = new URLSearchParams(new FormData(form));
      const res = await fetch(form.action + '/autosave', { method: 'POST', body: data, credentials: 'same-origin' });
      const answer = await res.json().catch(() => ({}));
      if (res.ok) {
        form.querySelector('input[name="base_revision"]').value = answer.revision;
        status.textContent = 'Draft saved at ' + answer.saved_at.slice(11, 16) + ' UTC.';
      } else {
        status.textContent = 'Not saved automatically: ' + (answer.error || res.status);
      }
    }, AUTOSAVE_MS);
  }
  window.addEventListener('beforeunload', (e) => { if (dirty) e.preventDefault(); });
})();
