// GuestAccess: progressive enhancement only. Every page works without this file: the server
// renders the current state, and a "refresh" link reloads it.
(function () {
  'use strict';

  if (window.DKFDS && typeof window.DKFDS.init === 'function') {
    window.DKFDS.init();
  }

  // Elements with data-poll="url" are refreshed in place from that url (a page handler that
  // returns the same element), every data-poll-interval ms, while the page is visible. A
  // data-summary that changes is announced through the polite live region named by
  // data-live (default: the first [aria-live] element in the same section).
  function poll(element) {
    var url = element.getAttribute('data-poll');
    var interval = parseInt(element.getAttribute('data-poll-interval') || '5000', 10);
    var section = element.closest('section') || document;
    var live = section.querySelector('[aria-live]');
    var timer = window.setTimeout(refresh, interval);

    function refresh() {
      if (document.hidden) {
        timer = window.setTimeout(refresh, interval);
        return;
      }
      window.fetch(url, { headers: { 'X-Requested-With': 'fetch' }, credentials: 'same-origin', cache: 'no-store', redirect: 'manual' })
        .then(function (response) {
          if (response.type === 'opaqueredirect' || response.status === 401) {
            window.location.reload(); // the session ended: let the page send the person to sign in
            return null;
          }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null || html === undefined) {
            timer = window.setTimeout(refresh, interval * 2);
            return;
          }
          var template = document.createElement('template');
          template.innerHTML = html.trim();
          var fresh = template.content.firstElementChild;
          if (!fresh || fresh.id !== element.id) {
            timer = window.setTimeout(refresh, interval * 2);
            return;
          }
          var before = element.getAttribute('data-summary');
          var after = fresh.getAttribute('data-summary');
          var focusedInside = element.contains(document.activeElement);
          element.replaceWith(fresh);
          if (live && after && after !== before) {
            live.textContent = after;
          }
          if (focusedInside) {
            fresh.setAttribute('tabindex', '-1');
            fresh.focus();
          }
          poll(fresh);
        })
        .catch(function () {
          timer = window.setTimeout(refresh, interval * 2);
        });
    }

    return timer;
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-poll]'), poll);
})();
