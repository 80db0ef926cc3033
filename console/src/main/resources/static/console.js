// The console works without this script; with it, the feed follows the suite live and "Why?" opens in a drawer.
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

  // "Why?" drawer: a click on any Why? link (present now or swapped in by the live feed later) shows the explanation
  // beside the page instead of leaving it. Without this script, or when the fragment cannot be fetched, the link
  // opens the full page, which then says what went wrong.
  var drawer = null;
  var opener = null;

  function whyDrawer(event) {
    var link = event.target.closest ? event.target.closest('a.why') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey
        || event.altKey) {
      return;
    }
    var page = new URL(link.href, window.location.href);
    if (page.origin !== window.location.origin || page.pathname !== '/why') {
      return;
    }
    event.preventDefault();
    fetch('/why/drawer' + page.search, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (response) {
        // a redirect here is to the sign-in page: the session ended
        if (!response.ok || response.redirected) {
          throw new Error('no drawer');
        }
        return response.text();
      })
      .then(function (html) { openDrawer(html, link); })
      .catch(function () { window.location.assign(link.href); });
  }

  function openDrawer(html, link) {
    closeDrawer(false);
    opener = link;
    drawer = document.createElement('aside');
    drawer.className = 'drawer';
    drawer.setAttribute('role', 'dialog');
    drawer.setAttribute('aria-modal', 'true');
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'drawer-close';
    close.textContent = 'Close';
    close.addEventListener('click', function () { closeDrawer(true); });
    var body = document.createElement('div');
    body.className = 'drawer-body';
    body.innerHTML = html;
    var title = body.querySelector('#why-title');
    if (title) {
      title.id = 'why-drawer-title';
      drawer.setAttribute('aria-labelledby', title.id);
    } else {
      drawer.setAttribute('aria-label', 'Why?');
    }
    drawer.appendChild(close);
    drawer.appendChild(body);
    document.body.appendChild(drawer);
    (title || close).focus();
  }

  function closeDrawer(restoreFocus) {
    if (!drawer) {
      return;
    }
    drawer.remove();
    drawer = null;
    if (restoreFocus && opener && document.contains(opener)) {
      opener.focus();
    }
    opener = null;
  }

  // Escape closes; Tab stays inside the open drawer, as a modal dialog's focus does.
  function drawerKeys(event) {
    if (!drawer) {
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      closeDrawer(true);
      return;
    }
    if (event.key !== 'Tab') {
      return;
    }
    var focusable = drawer.querySelectorAll('a[href], button, [tabindex="0"]');
    if (focusable.length === 0) {
      return;
    }
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (!drawer.contains(document.activeElement)) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey
        && (document.activeElement === first || document.activeElement.id === 'why-drawer-title')) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  document.addEventListener('DOMContentLoaded', liveFeed);
  document.addEventListener('click', whyDrawer);
  document.addEventListener('keydown', drawerKeys);
})();
