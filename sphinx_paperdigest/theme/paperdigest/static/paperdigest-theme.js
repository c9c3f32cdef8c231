/* paperdigest theme: the colour-scheme toggle and the phone navigation button.
 *
 * The page works without this file: the scheme then follows
 * prefers-color-scheme, and the navigation sits after the content on phones.
 * The buttons show when <html> has the class pd-js, which layout.html's inline
 * script sets before the first paint: the header never grows after it.
 * html[data-theme] is "auto", "light" or "dark"; a choice that differs from the
 * system's is remembered in localStorage, one that matches it goes back to auto.
 */
(function () {
  "use strict";
  var KEY = "paperdigest-color-scheme";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function effective() {
    var chosen = root.dataset.theme;
    if (chosen === "light" || chosen === "dark") return chosen;
    return systemDark.matches ? "dark" : "light";
  }

  function store(scheme) {
    try {
      if (scheme === "auto") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, scheme);
    } catch (e) { /* storage off: the choice lasts for this page */ }
  }

  function syncPygments() {
    // Sphinx links the dark Pygments style for prefers-color-scheme only
    var dark = document.getElementById("pygments_dark_css");
    if (!dark) return;
    var chosen = root.dataset.theme;
    dark.media = chosen === "dark" ? "all" : chosen === "light" ? "not all" : "(prefers-color-scheme: dark)";
  }

  function syncToggle(button) {
    var next = effective() === "dark" ? "light" : "dark";
    var label = button.getAttribute("data-label-" + next);
    button.setAttribute("aria-label", label);
    button.querySelector(".pd-scheme-label").textContent = label;
  }

  function setUpToggle() {
    var button = document.querySelector(".pd-scheme-toggle");
    if (!button) return;
    syncToggle(button);
    button.addEventListener("click", function () {
      var next = effective() === "dark" ? "light" : "dark";
      var system = systemDark.matches ? "dark" : "light";
      var scheme = next === system ? "auto" : next;
      root.dataset.theme = scheme;
      store(scheme);
      syncPygments();
      syncToggle(button);
    });
    systemDark.addEventListener("change", function () { syncToggle(button); });
  }

  function setUpNavigation() {
    var button = document.querySelector(".pd-nav-toggle");
    var sidebar = document.getElementById("pd-sidebar");
    if (!button || !sidebar) return;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      sidebar.classList.toggle("pd-open", open);
      if (open) {
        var first = sidebar.querySelector("a, input, button");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.click();
        button.focus();
      }
    });
  }

  syncPygments();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpToggle(); setUpNavigation(); });
  } else {
    setUpToggle();
    setUpNavigation();
  }
})();
