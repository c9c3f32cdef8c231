/* sphinx-paperdigest: a "more" button on the summaries of grid cards.
 *
 * paperdigest-clamp.css shows the first lines of a grid card's summary when
 * scripting is on (@media (scripting: enabled)); this script gives each
 * summary that does not fit a button that shows the rest, or the first lines
 * again. The whole text is in the page all along (search, screen readers, no
 * JavaScript). The button sits over the summary's last line, so adding it
 * moves nothing.
 * Its words come from the script tag (data-label-more, data-label-less).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = {
    more: (script && script.getAttribute("data-label-more")) || "Show more",
    less: (script && script.getAttribute("data-label-less")) || "Show less",
  };

  function overflows(summary) {
    return summary.scrollHeight > summary.clientHeight + 1;
  }

  function setOpen(summary, button, open) {
    summary.classList.toggle("paperdigest-open", open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? labels.less : labels.more;
  }

  function addButton(summary, index) {
    if (!summary.id) summary.id = "paperdigest-summary-" + index;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "paperdigest-more";
    button.setAttribute("aria-controls", summary.id);
    button.hidden = true;
    setOpen(summary, button, false);
    button.addEventListener("click", function () {
      setOpen(summary, button, !summary.classList.contains("paperdigest-open"));
    });
    // a link under the fold gets the keyboard: show it
    summary.addEventListener("focusin", function (event) {
      if (event.target !== button && !summary.classList.contains("paperdigest-open")) {
        setOpen(summary, button, true);
      }
    });
    summary.appendChild(button);
    return button;
  }

  function setUp() {
    var summaries = document.querySelectorAll(".paperdigest-card-grid .paperdigest-summary");
    if (!summaries.length) return;
    var buttons = new Map();
    summaries.forEach(function (summary, index) {
      buttons.set(summary, addButton(summary, index));
    });
    // a summary fits or not at each width: the button shows only when it is needed
    var observer = new ResizeObserver(function (entries) {
      // read every size first, then change the buttons: one layout, not one each
      var hide = entries.map(function (entry) {
        var summary = entry.target;
        return !summary.classList.contains("paperdigest-open") && !overflows(summary);
      });
      entries.forEach(function (entry, i) { buttons.get(entry.target).hidden = hide[i]; });
    });
    summaries.forEach(function (summary) { observer.observe(summary); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
