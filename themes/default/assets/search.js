// Search as you type for the header's search box: after 2 characters, the top 5 titles
// from /api/search, debounced. The box is an ARIA 1.2 combobox with a listbox popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): Down/Up move through the titles,
// Enter opens the chosen one (or searches when none is chosen), Escape closes the list.
// Without JavaScript the form still submits to /search.
(function () {
  'use strict';
  var MIN_CHARS = 2;
  var DEBOUNCE_MS = 200;
  var LIMIT = 5;

  function start() {
    var input = document.getElementById('site-search-q');
    var list = document.getElementById('site-search-list');
    if (!input || !list || !window.fetch) return;
    var timer = null;
    var active = -1;
    var serial = 0;

    function options() { return list.querySelectorAll('[role="option"]'); }

    function close() {
      list.hidden = true;
      list.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++)
        items[i].setAttribute('aria-selected', i === active ? 'true' : 'false');
      input.setAttribute('aria-activedescendant', items[active].id);
    }

    function show(results) {
      list.textContent = '';
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (!results.length) return close();
      results.forEach(function (r, i) {
        var li = document.createElement('li');
        li.id = 'site-search-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.dataset.url = r.url;
        li.textContent = r.title;
        li.addEventListener('mousedown', function (e) {
          e.preventDefault();  // keep the focus in the box until the page changes
          window.location.assign(r.url);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function lookup() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) return close();
      // The last word is still being typed: search it as a prefix.
      var q = /[\p{L}\p{N}]{2}$/u.test(text) ? text + '*' : text;
      var mine = ++serial;
      fetch('/api/search?facets=0&snippets=0&per_page=' + LIMIT + '&q=' + encodeURIComponent(q))
        .then(function (res) { return res.ok ? res.json() : { results: [] }; })
        .then(function (data) { if (mine === serial) show(data.results || []); })
        .catch(close);
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && !list.hidden) {
        e.preventDefault();
        highlight(active + 1);
      } else if (e.key === 'ArrowUp' && !list.hidden) {
        e.preventDefault();
        highlight(active - 1);
      } else if (e.key === 'Escape') {
        close();
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        window.location.assign(options()[active].dataset.url);
      }
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

// The comment form's token (comments/README.md): the article page is cached and the same for
// every reader, so its form carries none. When the reader starts writing, one is fetched for
// them, and the fill-time rule counts from then. Without JavaScript (or before the token
// arrives) the first press returns the form, text kept, with a token in it.
(function () {
  'use strict';

  function start() {
    var form = document.getElementById('comment-form');
    if (!form || !window.fetch) return;
    var token = form.querySelector('input[name="token"]');
    var url = form.getAttribute('data-token-url');
    if (!token || !url || token.value) return;
    var asked = false;

    function ask() {
      if (asked) return;
      asked = true;
      fetch(url, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (res) { return res.ok ? res.json() : {}; })
        .then(function (data) { if (data.token && !token.value) token.value = data.token; })
        .catch(function () { asked = false; });
    }

    form.addEventListener('focusin', ask);
    form.addEventListener('input', ask);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
