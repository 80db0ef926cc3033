// The console works without this script; with it, the feed follows the suite live.
(function () {
  'use strict';

  // Coordination feed: each "feed" event from the live stream means a room of yours changed; the list is fetched
  // again (the same HTML the page was rendered with). The browser's EventSource reconnects by itself.
  function liveFeed() {
    var feed = document.getElementById('feed');
    if (!feed || !window.EventSource) {
      return;
    }
    var source = new EventSource(feed.getAttribute('data-live'));
    var refreshing = false;
    source.addEventListener('feed', function () {
      if (refreshing) {
        return;
      }
      refreshing = true;
      fetch(feed.getAttribute('data-refresh'), {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null) {
            feed.innerHTML = html;
            feed.setAttribute('data-updated', new Date().toISOString());
          }
        })
        .finally(function () { refreshing = false; });
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  document.addEventListener('DOMContentLoaded', liveFeed);
})();
