// GuestAccess: progressive enhancement only. Every page works without this file.
(function () {
  'use strict';
  if (window.DKFDS && typeof window.DKFDS.init === 'function') {
    window.DKFDS.init();
  }
})();
